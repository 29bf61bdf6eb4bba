// The confd → BIRD sync layer of bird-ready and bird6-ready (README, "Readiness rule"): confd
// renders bird.cfg (bird6.cfg) and the files it includes, then asks BIRD to reload. When BIRD
// rejects the reload it keeps running the old peers and says nothing; `show status` still shows
// the older `Last reconfiguration on`. A rendered file newer than that (beyond GRACE_MS) means
// BIRD has not loaded what confd wrote.
import { formatDuration } from '../util/duration.ts';
import { readSmallFile, statPath } from '../util/fs-async.ts';
import { childPath, parentDir } from '../util/paths.ts';
import type { Layer } from './types.ts';

/**
 * BIRD 1.6 prints the reconfiguration time to the second, so a file written in the same second
 * looks up to 1 s newer; confd writes the file just before it asks for the reload.
 */
export const GRACE_MS = 2000;
/** A rendered config is a few KiB; anything past this is not read for includes. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_INCLUDES = 32;

export type SyncOutcome =
  | { state: 'skipped'; layer: Layer }
  | { state: 'in-sync'; layer: Layer }
  | { state: 'stale'; message: string; layer: Layer };

/**
 * `2026-12-03 07:40:01` (BIRD 1.6) or `2026-12-03 07:40:01.123` (BIRD 2 and 3): local time
 * without a zone, read in this process's zone (the same node, the same zone as BIRD).
 */
export function parseBirdTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const time = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  return Number.isNaN(time) ? undefined : time;
}

/** `include "bird_aggr.cfg";` lines, resolved against the including file's directory; no globs. */
export function includesOf(config: string, from: string): string[] {
  const found: string[] = [];
  for (const match of config.matchAll(/^\s*include\s+"([^"]+)"\s*;/gm)) {
    const path = match[1] as string;
    if (path.includes('*') || path.includes('?') || path.includes('[')) continue;
    found.push(path.startsWith('/') ? path : childPath(parentDir(from), path));
  }
  return found.slice(0, MAX_INCLUDES);
}

export async function confdSync(dir: string, file: 'bird.cfg' | 'bird6.cfg', lastReconfiguration: string | null): Promise<SyncOutcome> {
  const skipped = (detail: string): SyncOutcome => ({ state: 'skipped', layer: { step: 'confd', ok: true, skipped: true, detail } });
  try {
    await statPath(dir);
  } catch {
    return skipped(`no confd directory ${dir}: BIRD's sync with confd not checked`);
  }
  const main = childPath(dir, file);
  let text: string;
  let newest: { path: string; mtimeMs: number };
  try {
    const read = await readSmallFile(main, MAX_CONFIG_BYTES);
    text = read.text;
    newest = { path: main, mtimeMs: read.mtimeMs };
  } catch {
    return skipped(`no ${main}: BIRD's sync with confd not checked`);
  }
  for (const path of includesOf(text, main)) {
    try {
      const { mtimeMs } = await statPath(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    } catch {
      // A missing include is BIRD's problem to report when it reloads; nothing newer here.
    }
  }
  const reconfigured = lastReconfiguration === null ? undefined : parseBirdTime(lastReconfiguration);
  if (reconfigured === undefined) {
    return skipped(`BIRD's 'Last reconfiguration on' (${lastReconfiguration ?? 'absent'}) is not a time calico-probe reads`);
  }
  const written = localTime(newest.mtimeMs);
  const ahead = newest.mtimeMs - reconfigured;
  if (ahead <= GRACE_MS) {
    return {
      state: 'in-sync',
      layer: {
        step: 'confd',
        ok: true,
        detail: `BIRD last reconfigured ${lastReconfiguration}, after ${newest.path} was written (${written})`,
      },
    };
  }
  const message = `BIRD has not loaded confd's latest config: ${newest.path} written ${written}, ${formatDuration(ahead)} after BIRD last reconfigured (${lastReconfiguration})`;
  return { state: 'stale', message, layer: { step: 'confd', ok: false, detail: `${message}; a reload BIRD rejected, or none yet` } };
}

/** The file's mtime as BIRD would print it: local time, milliseconds. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
