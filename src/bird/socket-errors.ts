// How a failed stat() or connect() on a BIRD socket reads, errno by errno.
// Every message names the exact path tried: calico-node's fallback path in its errors misled users.
import type { Stats } from 'node:fs';
import { BirdError } from './errors.ts';
import type { BirdErrorKind } from './errors.ts';

/** sun_path holds 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

const ERRNO: Record<string, [BirdErrorKind, string]> = {
  ENOENT: ['not-found', 'no such file: BIRD is not running or has not started yet'],
  ENOTDIR: ['not-found', 'no such file (a parent is not a directory): BIRD is not running or has not started yet'],
  ECONNREFUSED: ['refused', 'connection refused (stale socket: BIRD is not running)'],
  EACCES: ['permission', 'permission denied: the probe may not write to the socket'],
  EPERM: ['permission', 'operation not permitted: the probe may not write to the socket'],
  EAGAIN: ['busy', 'resource temporarily unavailable: BIRD is too busy to accept (listen backlog full)'],
  ENOTSOCK: ['not-a-socket', 'not a socket'],
};

const prefix = (path: string): string => `cannot connect to BIRD socket ${path}`;

/**
 * A stat() or connect() error, mapped to its kind; unknown errnos are plain I/O errors. With the
 * socket's stat (connect() failed after it), permission denied says who may connect.
 */
export function connectError(path: string, err: NodeJS.ErrnoException, stats?: Stats): BirdError {
  const errno = err.code;
  const known = errno === undefined ? undefined : ERRNO[errno];
  if (known === undefined) {
    return new BirdError('io', path, `${prefix(path)}: ${err.message}`, { errno, cause: err });
  }
  const who = known[0] === 'permission' && stats !== undefined ? ` (${whoMayConnect(stats)})` : '';
  return new BirdError(known[0], path, `${prefix(path)}: ${known[1]}${who}`, { errno, cause: err });
}

/** `socket owned by uid 0, gid 0, mode 0660; this probe runs as uid 65534, gid 65534`. */
export function whoMayConnect(stats: Pick<Stats, 'uid' | 'gid' | 'mode'>): string {
  const mode = (stats.mode & 0o7777).toString(8).padStart(4, '0');
  const self = process.getuid === undefined ? '' : `; this probe runs as uid ${process.getuid()}, gid ${process.getgid?.()}`;
  return `socket owned by uid ${stats.uid}, gid ${stats.gid}, mode ${mode}: its owner and group may connect${self}`;
}

/** Something other than a socket at the path; connect() would only say ECONNREFUSED. */
export function notASocket(path: string, stats: Stats): BirdError | undefined {
  if (stats.isSocket()) return undefined;
  const what = stats.isDirectory() ? 'a directory' : stats.isFile() ? 'a regular file' : 'a special file';
  return new BirdError('not-a-socket', path, `${prefix(path)}: is ${what}, not a socket`);
}

export function pathTooLong(path: string): BirdError | undefined {
  const bytes = Buffer.byteLength(path);
  if (bytes <= MAX_SOCKET_PATH_BYTES) return undefined;
  return new BirdError(
    'path-too-long',
    path,
    `${prefix(path)}: the path is ${bytes} bytes, longer than the ${MAX_SOCKET_PATH_BYTES} a UNIX socket address holds`,
  );
}
