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
  runsvdir: string;
  runsv: string;
  sv: string;
  /** The node BIRD 2 daemon, and the peers that are BIRD 2; without it the harness runs those peers on BIRD 1.6. */
  bird2?: string;
  /** The node BIRD 3 daemon; without it the harness has no BIRD 3 node. */
  bird3?: string;
}

/** Node daemons the harness starts only when their binary is there. */
export type OptionalDaemon = 'bird2' | 'bird3';
export const OPTIONAL_DAEMONS: readonly OptionalDaemon[] = ['bird2', 'bird3'];

type Required = Exclude<keyof Binaries, OptionalDaemon>;

/** An empty variable counts as unset. The defaults are where .ci/install-test-deps puts them. */
const OPTIONAL_PATHS: Record<OptionalDaemon, { variable: string; fallback: string }> = {
  bird2: { variable: 'BIRD2_BIN', fallback: '.ci/bird2/usr/sbin/bird' },
  bird3: { variable: 'BIRD3_BIN', fallback: '.ci/bird3/sbin/bird' },
};

/**
 * Each binary's path, or where it was looked for when missing: `missing` lists the binaries the
 * harness cannot start without, `absent` the optional daemons it starts without.
 */
export function locateBinaries(): { found: Partial<Binaries>; missing: string[]; absent: Partial<Record<OptionalDaemon, string>> } {
  const required: Record<Required, { path: string | undefined; what: string }> = {
    ip: { path: which('ip'), what: 'ip (iproute2)' },
    bird: { path: pick(process.env.BIRD_BIN, '/usr/sbin/bird', 'bird'), what: 'bird (BIRD 1.6, package bird)' },
    bird6: { path: pick(process.env.BIRD6_BIN, '/usr/sbin/bird6', 'bird6'), what: 'bird6 (BIRD 1.6, package bird)' },
    runsvdir: { path: which('runsvdir'), what: 'runsvdir (package runit)' },
    runsv: { path: which('runsv'), what: 'runsv (package runit)' },
    sv: { path: which('sv'), what: 'sv (package runit)' },
  };
  const found: Partial<Binaries> = {};
  const missing: string[] = [];
  const absent: Partial<Record<OptionalDaemon, string>> = {};
  for (const [key, { path, what }] of Object.entries(required) as [Required, { path: string | undefined; what: string }][]) {
    if (path !== undefined && isExecutable(path)) found[key] = path;
    else missing.push(what);
  }
  for (const key of OPTIONAL_DAEMONS) {
    const { variable, fallback } = OPTIONAL_PATHS[key];
    const path = process.env[variable] || join(REPO_ROOT, fallback);
    if (isExecutable(path)) found[key] = path;
    else absent[key] = `no executable at ${path} (${process.env[variable] ? variable : `${variable} unset`})`;
  }
  return { found, missing, absent };
}

function pick(override: string | undefined, fixed: string, name: string): string | undefined {
  if (override) return override;
  return isExecutable(fixed) ? fixed : which(name);
}

/** Parent for the harness temp dir: TMPDIR unless it would push socket paths near the limit. */
export function tempBase(): string {
  const base = tmpdir();
  // `<base>/cph-XXXXXX/p/p6x.ctl` must stay well below MAX_SOCKET_PATH.
  return base.length <= 60 ? base : '/tmp';
}
