// Whether this machine can run the harness, checked without side effects so test files can
// decide to skip (or, in CI, fail) before starting anything.

import { readFileSync } from 'node:fs';
import { locateBinaries } from './paths.ts';

const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

function effectiveCaps(): bigint | undefined {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('CapEff:'));
    return line === undefined ? undefined : BigInt(`0x${line.slice('CapEff:'.length).trim()}`);
  } catch {
    return undefined;
  }
}

/**
 * `bird2: false`: BIRD 2 may be missing. The harness then starts without its BIRD 2 node and runs
 * the BIRD 2 peers on BIRD 1.6, so the tests that need only BIRD 1.6 still run.
 */
export function harnessAvailability(need: { bird2: boolean } = { bird2: true }): { ok: true } | { ok: false; reason: string } {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push('Linux (network namespaces)');
  if (process.getuid?.() !== 0) missing.push('root (ip netns needs it)');
  const caps = effectiveCaps();
  // Root inside an unprivileged container may still lack these; `ip netns add` would then fail.
  if (caps !== undefined) {
    if (!(caps & (1n << CAP_NET_ADMIN))) missing.push('CAP_NET_ADMIN');
    if (!(caps & (1n << CAP_SYS_ADMIN))) missing.push('CAP_SYS_ADMIN');
  }
  const bins = locateBinaries();
  missing.push(...bins.missing.filter((_, i) => need.bird2 || bins.missingKeys[i] !== 'bird2'));
  return missing.length === 0 ? { ok: true } : { ok: false, reason: `integration harness unavailable, missing: ${missing.join(', ')}` };
}
