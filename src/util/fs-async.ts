// Promise forms of the few node:fs calls the probe path makes. Not node:fs/promises: loading
// it also loads readline, the fs watchers and the directory API, about 1 ms of every probe's
// start-up (BENCHMARKS.md), while node:fs and node:util are loaded before any code runs.
import { close, constants, fstat, open, read, stat } from 'node:fs';
import { promisify } from 'node:util';

export const statPath = promisify(stat);
export const statFd = promisify(fstat);
export const openFile = promisify(open) as (path: string, flags: number) => Promise<number>;
export const closeFile = promisify(close);
export const readFd = promisify(read) as (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
) => Promise<{ bytesRead: number }>;

/** The first `max` bytes of a small file as UTF-8 (a marker, a token), with its mtime. */
export async function readSmallFile(path: string, max = 64 * 1024): Promise<{ text: string; mtimeMs: number }> {
  const fd = await openFile(path, constants.O_RDONLY);
  try {
    const { mtimeMs, size } = await statFd(fd);
    // Sized by the file (a rendered BIRD config is a few KiB), not by the limit.
    const length = Math.min(max, size > 0 ? size : 4096);
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await readFd(fd, buffer, 0, length, 0);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), mtimeMs };
  } finally {
    await closeFile(fd);
  }
}
