// Reads a runit service's state from its supervise/ files, as `sv status` does, without spawning
// anything (README, Guarantees: no child process on the probe path). `sv` runs only when the
// files cannot be read (EACCES).
//
//   supervise/status  20 bytes: TAI64N change time, pid (LE), paused, want 'u'|'d', got TERM, state
//   supervise/ok      FIFO runsv holds open for reading: opening it write-only non-blocking
//                     fails with ENXIO when no runsv is running
import { constants } from 'node:fs';
import { closeFile, openFile, readFd, statFd, statPath } from '../util/fs-async.ts';
import { childPath } from '../util/paths.ts';
import { decodeSuperviseStatus, formatSvLine, type DecodedStatus } from './status-file.ts';
import { readViaSv } from './sv-fallback.ts';
import { type ServiceStatus, unknownSvStatus } from './sv-status.ts';

export type { ServiceState, ServiceStatus } from './sv-status.ts';

export interface ReadServiceOptions {
  signal: AbortSignal;
  now?: () => number;
}

/**
 * State of `<serviceDir>/<service>`. Never throws: a missing directory, no runsv, a malformed
 * status file or the deadline give `unknown` with the reason in `error` (never `down`).
 */
export async function readServiceStatus(serviceDir: string, service: string, opts: ReadServiceOptions): Promise<ServiceStatus> {
  // Concatenations, not path.join: util/paths.ts says why.
  const dir = childPath(serviceDir, service);
  const base = { service, dir, source: 'supervise' as const };
  try {
    opts.signal.throwIfAborted();
    const file = `${dir}/supervise/status`;
    // All three at once: none needs another's answer, and each is a round trip through Node's
    // thread pool; at once they overlap instead of queueing one behind another (BENCHMARKS.md).
    const [alive, read, isNormallyUp] = await Promise.allSettled([runsvAlive(dir), readStatusFile(file), normallyUp(dir)]);
    if (alive.status === 'rejected') throw await whyNoSuperviseOk(alive.reason, dir);
    if (!alive.value) return unknown(base, `fail: ${dir}: runsv not running`, `runsv is not running for ${dir}`);
    if (read.status === 'rejected') throw read.reason;
    if (typeof read.value === 'string') {
      return unknown(base, `warning: ${dir}: unable to read supervise/status: ${read.value}`, `${file} is ${read.value}`);
    }
    const decoded = decodeSuperviseStatus(read.value.bytes, (opts.now ?? Date.now)());
    if (decoded === null) {
      return unknown(
        base,
        `warning: ${dir}: unable to read supervise/status: bad format`,
        `${dir}/supervise/status is not a runit status file (${read.value.size} bytes, expected 20)`,
      );
    }
    return fromDecoded(base, decoded, isNormallyUp.status === 'fulfilled' ? isNormallyUp.value : null);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') return { ...(await readViaSv(dir, opts.signal)), service, dir };
    return unknown(base, ...describe(error, dir));
  }
}

/** One byte more than runsv writes, so an over-long file shows as the wrong size. */
const STATUS_READ_BYTES = 21;

/**
 * The first bytes of supervise/status, or why it is not a regular file. Opened non-blocking and
 * checked before reading: a FIFO or a device at that path would otherwise park a thread-pool
 * read that no signal can cancel, and that keeps the process from exiting at all.
 */
async function readStatusFile(path: string): Promise<{ bytes: Buffer; size: number } | string> {
  const fd = await openFile(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await statFd(fd);
    if (!info.isFile()) return `${info.isFIFO() ? 'a FIFO' : info.isDirectory() ? 'a directory' : 'a special file'}, not a regular file`;
    const buffer = Buffer.alloc(STATUS_READ_BYTES);
    const { bytesRead } = await readFd(fd, buffer, 0, STATUS_READ_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), size: info.size };
  } finally {
    await closeFile(fd);
  }
}

/**
 * Why supervise/ok could not be opened: the service directory's own error when it is the
 * directory that is missing (or unreadable), else the open's.
 */
async function whyNoSuperviseOk(error: unknown, dir: string): Promise<unknown> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  try {
    await statPath(dir);
    return error;
  } catch (dirError) {
    return dirError;
  }
}

/** Whether a runsv holds supervise/ok open; throws for anything but "no" (ENXIO, ENOENT). */
async function runsvAlive(dir: string): Promise<boolean> {
  try {
    await closeFile(await openFile(`${dir}/supervise/ok`, constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENXIO') return false;
    throw error;
  }
}

/** runit's rule: the service is normally up unless its directory holds a `down` file. */
async function normallyUp(dir: string): Promise<boolean | null> {
  try {
    await statPath(`${dir}/down`);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? true : null;
  }
}

type Base = { service: string; dir: string; source: 'supervise' };

function fromDecoded(base: Base, decoded: DecodedStatus, isNormallyUp: boolean | null): ServiceStatus {
  const { state, pid, uptimeSeconds, want, paused } = decoded;
  const raw = formatSvLine(base.dir, decoded, isNormallyUp);
  return { ...base, state, pid, uptimeSeconds, want, normallyUp: isNormallyUp, paused, raw };
}

function describe(error: unknown, dir: string): [raw: string, message: string, timedOut?: true] {
  const err = error as NodeJS.ErrnoException;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    return [`timeout: ${dir}: deadline reached`, `deadline reached while reading ${dir}`, true];
  }
  const path = err.path ?? dir;
  if (err.code === 'ENOENT' && path === dir) {
    return [`fail: ${dir}: unable to change to service directory: file does not exist`, `service directory ${dir} does not exist`];
  }
  if (err.code === 'ENOENT' && path.endsWith('/supervise/ok')) {
    return [
      `warning: ${dir}: unable to open supervise/ok: file does not exist`,
      `runsv is not running for ${dir} (never supervised: no supervise/ok)`,
    ];
  }
  if (err.code === 'ENOTDIR') return [`fail: ${dir}: unable to change to service directory: not a directory`, `${dir} is not a directory`];
  return [`warning: ${dir}: ${err.message}`, `cannot read ${path}: ${err.code ?? err.message}`];
}

function unknown(base: Base, raw: string, error: string, timedOut?: true): ServiceStatus {
  const status: ServiceStatus = { ...base, ...unknownSvStatus(raw, error) };
  return timedOut ? { ...status, timedOut } : status;
}
