// A V8 code cache for the bundle, taken when a run ends. Node's own compile cache stores code
// compiled before the bundle runs, so every function called later (commander's parser, the
// checks, the Felix client) is compiled again on every run; a cache taken at exit holds them
// all. It is code, so it is read only from a directory no other user can write.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { childPath } from '../util/paths.ts';
import { goFlag } from '../util/text.ts';

/** The commands on the kubelet's exec path each get a cache warmed by their own first run. */
const PROFILES = ['live', 'ready', 'check'] as const;
const DAEMONS = ['felix', 'bird', 'bird6'];

/** Which cache a run uses: its probe command, calico-node's flag form included; else `other`. */
export function cacheProfile(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  if ((PROFILES as readonly string[]).includes(first)) return first;
  if (first.startsWith('-')) {
    for (const arg of argv) {
      // calico-node's `-felix-ready`, `--bird6-live=true`…
      const name = goFlag(arg)?.name ?? '';
      const dash = name.lastIndexOf('-');
      const kind = name.slice(dash + 1);
      if (DAEMONS.includes(name.slice(0, dash)) && (kind === 'live' || kind === 'ready')) return kind;
    }
  }
  return 'other';
}

/**
 * The cache directory, created 0700 when missing; undefined when caching is off (`setting` is
 * '') or the directory is not safely ours: not a real directory, another owner, or writable by
 * group or others.
 */
export function cacheDir(setting: string | undefined, uid: number): string | undefined {
  if (setting === '') return undefined;
  const dir = setting ?? childPath(tmpdir(process.env), `calico-probe-${uid}`);
  try {
    // Made only when missing: on every other run this is one lstat, where mkdir -p is a mkdir
    // that fails and a stat, before the lstat that checks the owner.
    let stats = lstatSync(dir, { throwIfNoEntry: false });
    if (stats === undefined) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      stats = lstatSync(dir);
    }
    if (!stats.isDirectory() || stats.uid !== uid || (stats.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * os.tmpdir() as Node computes it on Linux and macOS ($TMPDIR, $TMP, $TEMP, else /tmp; no
 * trailing slash), without loading node:os for it (about 0.5 ms of every probe, BENCHMARKS.md).
 */
export function tmpdir(env: NodeJS.ProcessEnv): string {
  const dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

export interface Runtime {
  version: string;
  arch: string;
  /** Node and V8 options in force: V8 rejects a cache made under other flags. */
  flags: string;
}

/**
 * The cache file for one bundle file, runtime and profile:
 * `<profile>-<node version>-<arch>-<install>-<build>.v8cache`. The install is the bundle's path
 * and the flags, so two installs, or two sets of flags, never share or remove each other's
 * cache. V8 checks only the source length, so the build is the file's size, mtime, ctime and
 * inode, which a rebuild, an upgrade or a copy always changes (npm gives every packed file the
 * same mtime, not the same ctime).
 */
export function cacheFileName(profile: string, bundle: { path: string; stats: Stats }, runtime: Runtime): string {
  const { size, mtimeMs, ctimeMs, ino } = bundle.stats;
  const install = fnv1a(`${bundle.path}\0${runtime.flags}`);
  const build = fnv1a([size, mtimeMs, ctimeMs, ino].join('\0'));
  return `${profile}-${runtime.version}-${runtime.arch}-${install}-${build}.v8cache`;
}

/**
 * The cache `npm run build` leaves beside a bundle (bin/build-code-cache.js), for the Node
 * version and architecture that built it: `dist/probe-commands.cjs` → `probe-commands-<node
 * version>-<arch>.v8cache`. The build ships one for the probe commands' bundle.
 */
export function shippedCacheName(bundlePath: string, runtime: Pick<Runtime, 'version' | 'arch'>): string {
  const name = bundlePath.slice(bundlePath.lastIndexOf('/') + 1);
  return `${name.endsWith('.cjs') ? name.slice(0, -4) : name}-${runtime.version}-${runtime.arch}.v8cache`;
}

/** 32-bit FNV-1a, hex: a short, stable name for a short key (not for file contents). */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

export function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Temp file and rename, so a concurrent run reads the old cache or the new, never half of one.
 * Caches of earlier builds of the same install, profile and runtime are removed.
 */
export function writeCache(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, file);
    removeOlderBuilds(file);
  } catch {
    removeQuietly(temp);
  }
}

function removeOlderBuilds(file: string): void {
  const name = basename(file);
  const sameInstall = name.slice(0, name.lastIndexOf('-') + 1); // `ready-v24.21.0-x64-1a2b3c4d-`
  for (const other of readdirSync(dirname(file))) {
    if (other !== name && other.startsWith(sameInstall) && other.endsWith('.v8cache')) removeQuietly(join(dirname(file), other));
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone, or never written
  }
}
