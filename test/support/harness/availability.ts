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
