// Whether this machine can run the harness, checked without side effects so test files can
// decide to skip (or, in CI, fail) before starting anything.

import { readFileSync } from 'node:fs';
import { locateBinaries, type OptionalDaemon } from './paths.ts';
import type { NodeKind } from './topology.ts';

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

export function harnessAvailability(): { ok: true } | { ok: false; reason: string } {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push('Linux (network namespaces)');
  if (process.getuid?.() !== 0) missing.push('root (ip netns needs it)');
  const caps = effectiveCaps();
  // Root inside an unprivileged container may still lack these; `ip netns add` would then fail.
  if (caps !== undefined) {
    if (!(caps & (1n << CAP_NET_ADMIN))) missing.push('CAP_NET_ADMIN');
    if (!(caps & (1n << CAP_SYS_ADMIN))) missing.push('CAP_SYS_ADMIN');
  }
  missing.push(...locateBinaries().missing);
  return missing.length === 0 ? { ok: true } : { ok: false, reason: `integration harness unavailable, missing: ${missing.join(', ')}` };
}

const LABEL: Record<OptionalDaemon, string> = { bird2: 'BIRD 2', bird3: 'BIRD 3' };

/**
 * What a test that needs these node daemons lacks here ('needs BIRD 2: no executable at …; run
 * .ci/install-test-deps as root'), or undefined. bird and bird6 are never missing once the
 * harness runs; it runs without BIRD 2 and 3, so only the tests that name them skip (or, under
 * CI, fail).
 */
export function daemonsMissing(...kinds: NodeKind[]): string | undefined {
  const { absent } = locateBinaries();
  const lacking = [...new Set(kinds)].flatMap((k) =>
    (k === 'bird2' || k === 'bird3') && absent[k] !== undefined ? [`needs ${LABEL[k]}: ${absent[k]}`] : [],
  );
  return lacking.length === 0 ? undefined : `${lacking.join('; ')}; run .ci/install-test-deps as root`;
}
