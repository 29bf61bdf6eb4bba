// The BGP readiness rule, pure (README, Readiness rule: calico-node's, with its improvements):
// inside the strict start-up window every counted peer must be Established and BIRD
// must not be in graceful-restart recovery; after it, one Established peer is enough
// and the rest become warnings. No counted peers: ready.
import type { CalicoPeer } from '../bird/index.ts';
import { GR_IN_PROGRESS, notEstablishedWith } from './wording.ts';

export interface ReadinessInput {
  peers: readonly CalicoPeer[];
  windowOpen: boolean;
  grRecovery: boolean;
}

export interface ReadinessDecision {
  status: 'pass' | 'warn' | 'fail';
  message: string;
  warnings: string[];
  /** Peers the rule looked at; disabled ones (down, empty info) are listed but not counted. */
  counted: CalicoPeer[];
  established: number;
  rule: string;
}

/** `10.0.0.4`, `10.0.0.6:1790`, `[fd00::6]:1790`: how a peer is named in messages. */
export function peerLabel(peer: Pick<CalicoPeer, 'address' | 'port' | 'family'>): string {
  if (peer.port === null) return peer.address;
  return peer.family === 'ipv6' ? `[${peer.address}]:${peer.port}` : `${peer.address}:${peer.port}`;
}

/** A disabled protocol: `down` with an empty info column. calico-node drops these rows silently. */
export function isDisabled(peer: CalicoPeer): boolean {
  return peer.state === 'down' && peer.info.trim() === '';
}

export function decideReadiness({ peers, windowOpen, grRecovery }: ReadinessInput): ReadinessDecision {
  const counted = peers.filter((peer) => !isDisabled(peer));
  const warnings = peers.filter(isDisabled).map((peer) => `${peer.name} (${peerLabel(peer)}) is disabled (down) and not counted`);
  const down = counted.filter((peer) => !peer.established);
  const established = counted.length - down.length;
  const healthy = (message: string, rule: string): ReadinessDecision => ({
    status: warnings.length > 0 ? 'warn' : 'pass',
    message,
    warnings,
    counted,
    established,
    rule,
  });
  const failed = (message: string, rule: string): ReadinessDecision => ({ status: 'fail', message, warnings, counted, established, rule });

  if (counted.length === 0) return healthy('no Calico BGP peers configured', 'no peers: ready');
  if (windowOpen) {
    const rule = 'strict start-up window open: every peer must be Established and graceful restart finished';
    // Both, when both hold: the recovery keeps the node unready after the peer is back.
    if (down.length > 0) {
      const recovery = grRecovery ? `; ${GR_IN_PROGRESS}` : '';
      return failed(notEstablishedWith(down.map(peerLabel)) + recovery, rule);
    }
    if (grRecovery) return failed(GR_IN_PROGRESS, rule);
    return healthy(`BGP established with all ${counted.length} peers`, rule);
  }
  const rule = 'start-up window closed: at least one Established peer is enough';
  if (established === 0) return failed(notEstablishedWith(down.map(peerLabel)), rule);
  if (down.length > 0) warnings.push(notEstablishedWith(down.map(peerLabel)));
  if (grRecovery) warnings.push(`${GR_IN_PROGRESS} (BIRD still defers route exports)`);
  return healthy(`BGP established with ${established} of ${counted.length} peers`, rule);
}
