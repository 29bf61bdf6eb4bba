// Words for `-v`: what the BGP readiness rule looked at and why it decided as it did, so
// "not ready" always comes with the peers that counted and the state of each one missing.
import { lastErrorOf, type CalicoPeer } from '../bird/index.ts';
import { isDisabled, peerLabel, type ReadinessDecision } from './readiness.ts';

/** The parse layer: how many BGP protocols, which of them count, and BIRD's own recovery. */
export function explainCount(peers: readonly CalicoPeer[], others: readonly string[], grRecovery: boolean): string {
  const total = peers.length + others.length;
  if (total === 0) return `no BGP protocols${grRecovery ? '; graceful-restart recovery in progress' : ''}`;
  const established = peers.filter((p) => p.established).length;
  const parts = [
    `${total} BGP protocol${total === 1 ? '' : 's'}: ${peers.length} Calico peer${peers.length === 1 ? '' : 's'} (${established} Established)`,
  ];
  if (others.length > 0) parts.push(`${others.length} not named Mesh_/Node_/Global_, never counted (${others.join(', ')})`);
  parts.push(grRecovery ? 'graceful-restart recovery in progress (0024)' : 'no graceful-restart recovery');
  return parts.join('; ');
}

/** The rule layer: the rule that applied, then the peers it counted and those it did not. */
export function explainRule(decision: ReadinessDecision, peers: readonly CalicoPeer[]): string {
  const parts = [decision.rule];
  const { counted } = decision;
  if (counted.length > 0) {
    parts.push(`counted ${counted.length} peer${counted.length === 1 ? '' : 's'}, ${decision.established} Established`);
    const down = counted.filter((p) => !p.established);
    if (down.length > 0) parts.push(`not Established: ${down.map(describeDown).join(', ')}`);
  }
  const disabled = peers.filter(isDisabled);
  if (disabled.length > 0) parts.push(`not counted (disabled): ${disabled.map((p) => `${p.name} (${peerLabel(p)})`).join(', ')}`);
  return parts.join('; ');
}

/** `10.0.0.4 (Active, Socket: Connection refused)`. */
function describeDown(peer: CalicoPeer): string {
  const state = peer.bgpState ?? peer.state;
  const error = lastErrorOf(peer);
  return `${peerLabel(peer)} (${state}${error ? `, ${error}` : ''})`;
}
