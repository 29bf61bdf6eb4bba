// --textfile: the Prometheus exposition for node_exporter's textfile collector, written so a
// reader only ever sees a whole file (README, Monitoring). The temp file lives in the target's
// directory (a rename across filesystems is not atomic) and does not end in `.prom` (the
// collector would read it); each writer has its own, so concurrent runs never mix bytes.
import { constants } from 'node:fs';
import { access, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../util/usage-error.ts';

const MODE = 0o644;

/** Checked before anything is probed: the directory exists and is writable, the target is not a directory. */
export async function checkTextfileTarget(path: string): Promise<void> {
  const invalid = (why: string) => new UsageError(`invalid value "${path}" for --textfile: ${why}`);
  if (path.trim() === '') throw invalid('expected a file path');
  const dir = dirname(resolve(path));
  try {
    if (!(await stat(dir)).isDirectory()) throw invalid(`${dir} is not a directory`);
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(code === 'ENOENT' ? `directory ${dir} does not exist` : `directory ${dir} is not writable: ${describeErrno(error)}`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw invalid(`it is a directory; name a file in it, such as ${join(path, 'calico-probe.prom')}`);
}

/**
 * Temp file, fsync, chmod 0644, rename over `path`, fsync the directory. On failure the temp
 * file is removed, any previous file is left unchanged, and the error says what failed.
 */
export async function writeTextfile(path: string, content: string): Promise<void> {
  const dir = dirname(resolve(path));
  const temp = join(dir, `${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', MODE);
    await handle.writeFile(content);
    await handle.chmod(MODE); // the umask may have narrowed it; node_exporter may run as another user
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw new Error(`cannot write --textfile ${path}: ${describeErrno(error)}; any previous file is unchanged`);
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Best effort: the new file is complete and in place either way. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close().catch(() => {});
}

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  EIO: 'input/output error',
};

function describeErrno(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words = code === undefined ? undefined : ERRNO_WORDS[code];
  return words === undefined ? (error as Error).message : `${words} (${code})`;
}
