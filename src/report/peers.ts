// The BGP peers and Felix reporters a run saw, as the machine formats count them. A peer
// appears once per (name, family) even when two checks report it (`--bird-socket` and
// `--bird6-socket` on one BIRD 2 daemon): a duplicate series would make node_exporter
// reject the whole textfile.
import type { CalicoPeer } from '../bird/index.ts';
import { peersOf, reportersOf } from '../checks/details.ts';
import type { CheckResult, Family } from '../checks/types.ts';

export function distinctPeers(results: readonly CheckResult[]): CalicoPeer[] {
  const seen = new Map<string, CalicoPeer>();
  for (const peer of results.flatMap(peersOf)) {
    const key = `${peer.family} ${peer.name}`;
    if (!seen.has(key)) seen.set(key, peer);
  }
  return [...seen.values()];
}

export interface PeerCount {
  family: Family;
  established: number;
  total: number;
}

/** Per family with at least one peer, ipv4 first. */
export function peerCounts(peers: readonly CalicoPeer[]): PeerCount[] {
  const families = [...new Set(peers.map((p) => p.family))].sort();
  return families.map((family) => {
    const ofFamily = peers.filter((p) => p.family === family);
    return { family, established: ofFamily.filter((p) => p.established).length, total: ofFamily.length };
  });
}

export interface ReporterState {
  reporter: string;
  probe: 'liveness' | 'readiness';
  ok: boolean;
}

/** Felix's reporters as felix-live (liveness) and felix-ready (readiness) saw them, once each. */
export function reporterStates(results: readonly CheckResult[]): ReporterState[] {
  const seen = new Map<string, ReporterState>();
  for (const result of results) {
    const probe = result.name === 'felix-live' ? 'liveness' : 'readiness';
    for (const rep of reportersOf(result)) {
      const key = `${probe} ${rep.name}`;
      if (!seen.has(key)) seen.set(key, { reporter: rep.name, probe, ok: probe === 'liveness' ? rep.live : rep.ready });
    }
  }
  return [...seen.values()];
}
