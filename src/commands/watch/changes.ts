// Pure: what differs between two runs, in words for a transition line: checks whose status
// changed, BGP peers whose state changed (or that appeared or vanished), Felix's HTTP status.
//   bird-ready pass → fail; Node_10_0_0_4 (10.0.0.4) Established → Active (Socket: Connection refused)
import { lastErrorOf, type CalicoPeer } from '../../bird/index.ts';
import { peerLabel } from '../../checks/readiness.ts';
import { httpStatusOf, peersOf } from '../../checks/details.ts';
import type { CheckResult } from '../../checks/types.ts';

export function describeChanges(before: readonly CheckResult[] | undefined, after: readonly CheckResult[]): string[] {
  if (before === undefined) return [];
  const changes: string[] = [];
  for (const now of after) {
    const then = before.find((r) => r.name === now.name);
    if (then === undefined) continue;
    if (then.status !== now.status) changes.push(`${now.name} ${then.status} → ${now.status}`);
    const httpThen = httpStatusOf(then);
    const httpNow = httpStatusOf(now);
    if (httpThen !== httpNow) changes.push(`${now.name} HTTP ${String(httpThen ?? 'none')} → ${String(httpNow ?? 'none')}`);
    changes.push(...peerChanges(peersOf(then), peersOf(now), birdAnswered(now)));
  }
  return changes;
}

/** Whether BIRD listed its peers in this run; when it did not (stopped), its peers are down, not gone. */
function birdAnswered(result: CheckResult): boolean {
  return 'peers' in result.details && result.details.peers !== undefined;
}

function peerChanges(before: readonly CalicoPeer[], after: readonly CalicoPeer[], answered: boolean): string[] {
  const changes: string[] = [];
  for (const peer of after) {
    const was = before.find((p) => p.name === peer.name);
    const label = `${peer.name} (${peerLabel(peer)})`;
    if (was === undefined) changes.push(`${label} appeared: ${stateOf(peer)}`);
    else if (stateOf(was) !== stateOf(peer)) changes.push(`${label} ${stateOf(was)} → ${stateOf(peer)}${reason(peer)}`);
  }
  for (const peer of before) {
    if (!after.some((p) => p.name === peer.name)) {
      changes.push(`${peer.name} (${peerLabel(peer)}) ${answered ? 'gone' : 'down (BIRD did not answer)'}`);
    }
  }
  return changes;
}

function stateOf(peer: CalicoPeer): string {
  return peer.bgpState ?? peer.state;
}

/** The last error after the BGP state word, if any: `(Socket: Connection refused)`. */
function reason(peer: CalicoPeer): string {
  const rest = lastErrorOf(peer);
  return rest === '' ? '' : ` (${rest})`;
}
