// Promise forms of the few node:fs calls the probe path makes. Not node:fs/promises: loading
// it also loads readline, the fs watchers and the directory API, about 1 ms of every probe's
// start-up (BENCHMARKS.md), while node:fs and node:util are loaded before any code runs.
import { close, constants, open, read, stat } from 'node:fs';
import { promisify } from 'node:util';

export const statPath = promisify(stat);
export const openFile = promisify(open) as (path: string, flags: number) => Promise<number>;
export const closeFile = promisify(close);
const readInto = promisify(read) as (fd: number, buffer: Buffer, offset: number, length: number, position: number) => Promise<{ bytesRead: number }>;

/**
 * The first `maxBytes` of a small file (runit's 20-byte status file): open, one read, close.
 * Not readFile, whose read loop loads more of Node for a file this size. Rejects with an
 * AbortError when the signal fires first.
 */
export async function readHead(path: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  signal.throwIfAborted();
  const fd = await openFile(path, constants.O_RDONLY);
  try {
    const buffer = Buffer.alloc(maxBytes);
    const { bytesRead } = await readInto(fd, buffer, 0, maxBytes, 0);
    signal.throwIfAborted();
    return buffer.subarray(0, bytesRead);
  } finally {
    await closeFile(fd);
  }
}
