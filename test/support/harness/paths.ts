// Where the harness finds its binaries and puts its files.

import { accessSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

/** The repository root, found relative to this file so the harness works from any cwd. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** sun_path holds 108 bytes including the NUL. */
export const MAX_SOCKET_PATH = 107;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` on PATH, then in the sbin directories root's PATH usually has. */
export function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs
    .filter(Boolean)
    .map((d) => join(d, name))
    .find(isExecutable);
}

export interface Binaries {
  ip: string;
  bird: string;
  bird6: string;
  bird2: string;
  runsvdir: string;
  runsv: string;
  sv: string;
}

/** Each binary's path, or a description of where it was looked for when missing. */
export function locateBinaries(): { found: Partial<Binaries>; missing: string[]; missingKeys: (keyof Binaries)[] } {
  const candidates: Record<keyof Binaries, { path: string | undefined; what: string }> = {
    ip: { path: which('ip'), what: 'ip (iproute2)' },
    bird: { path: pick(process.env.BIRD_BIN, '/usr/sbin/bird', 'bird'), what: 'bird (BIRD 1.6, package bird)' },
    bird6: { path: pick(process.env.BIRD6_BIN, '/usr/sbin/bird6', 'bird6'), what: 'bird6 (BIRD 1.6, package bird)' },
    bird2: { path: bird2Path(), what: `BIRD 2 binary (${bird2Path()}; set BIRD2_BIN or run .ci/run)` },
    runsvdir: { path: which('runsvdir'), what: 'runsvdir (package runit)' },
    runsv: { path: which('runsv'), what: 'runsv (package runit)' },
    sv: { path: which('sv'), what: 'sv (package runit)' },
  };
  const found: Partial<Binaries> = {};
  const missing: string[] = [];
  const missingKeys: (keyof Binaries)[] = [];
  for (const [key, { path, what }] of Object.entries(candidates) as [keyof Binaries, { path: string | undefined; what: string }][]) {
    if (path !== undefined && isExecutable(path)) found[key] = path;
    else {
      missing.push(what);
      missingKeys.push(key);
    }
  }
  return { found, missing, missingKeys };
}

function pick(override: string | undefined, fixed: string, name: string): string | undefined {
  if (override) return override;
  return isExecutable(fixed) ? fixed : which(name);
}

function bird2Path(): string {
  return process.env.BIRD2_BIN || join(REPO_ROOT, '.ci/bird2/usr/sbin/bird');
}

/** Parent for the harness temp dir: TMPDIR unless it would push socket paths near the limit. */
export function tempBase(): string {
  const base = tmpdir();
  // `<base>/cph-XXXXXX/p/p6x.ctl` must stay well below MAX_SOCKET_PATH.
  return base.length <= 60 ? base : '/tmp';
}
