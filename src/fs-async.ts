// Promise forms of the three node:fs calls the probe path makes. Not node:fs/promises: loading
// it also loads readline, the fs watchers and the directory API, about 1 ms of every probe's
// start-up (BENCHMARKS.md), while node:fs and node:util are loaded before any code runs.
import { close, open, readFile, stat } from 'node:fs';
import { promisify } from 'node:util';

export const statPath = promisify(stat);
export const readFileBytes = promisify(readFile) as (path: string, options: { signal: AbortSignal }) => Promise<Buffer>;
export const openFile = promisify(open) as (path: string, flags: number) => Promise<number>;
export const closeFile = promisify(close);
