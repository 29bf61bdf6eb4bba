// A probe's output goes out with write(2) on the descriptor, not through process.stdout and
// process.stderr: the first use of either builds a stream over the descriptor, and with it Node
// compiles its stream code, on every probe (BENCHMARKS.md, "What each change bought"). The
// commands that keep running use the streams.
import { fstatSync, statSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';

/**
 * Whether `fd` is a terminal. Only a character device can be one, so for a pipe or a file (the
 * kubelet's case) this is one fstat, and node:tty is not loaded; nor is it for the null device
 * (cron's `>/dev/null 2>&1`), a character device known by its device number.
 */
export function isTerminal(fd: number): boolean {
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false;
  }
  if (!stats.isCharacterDevice() || isNullDevice(stats)) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

/** Synchronous, like the fstat: /dev/null is a device node, its stat waits on no storage. */
function isNullDevice(stats: Stats): boolean {
  try {
    return stats.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/**
 * Writes `text` to `fd` now. Returns the bytes not written when the descriptor would block (a
 * full non-blocking pipe), for the caller to hand to the stream, which waits for room; nothing
 * when the reader went away (EPIPE), as a stream drops what a reader that left would have got.
 * Throws any other error.
 */
export function writeAtOnce(fd: number, text: string): Buffer | undefined {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return rest;
      if (code === 'EPIPE') return undefined;
      throw error;
    }
  }
  return undefined;
}
