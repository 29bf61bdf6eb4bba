// Pure: which BIRD control sockets `peers` asks. --family ipv4 / ipv6 / dual name them
// outright; auto follows IP and IP6 when either is set. With neither set, auto asks both
// sockets and skips a bird6 socket that does not exist: calico-node runs bird6 even on
// IPv4-only clusters, but a BIRD 2 node (one daemon, both families) has no bird6 socket.
import { resolveFamilies } from './config.ts';
import type { ProbeEnv } from './env.ts';
import type { FamilyOption } from '../checks/types.ts';
import type { DaemonName, PeersTarget } from '../commands/peers/config.ts';

export function peersTargets(
  family: FamilyOption,
  env: Partial<Pick<ProbeEnv, 'ip' | 'ip6'>>,
  sockets: Record<DaemonName, string>,
): PeersTarget[] {
  const unset = (value: string | undefined) => (value?.trim() ?? '') === '';
  const guess = family === 'auto' && unset(env.ip) && unset(env.ip6);
  const families = guess ? ['ipv4', 'ipv6'] : resolveFamilies(family, env);
  const targets: PeersTarget[] = [];
  if (families.includes('ipv4')) targets.push({ daemon: 'bird', socket: sockets.bird, optional: false });
  // Both options naming one socket is one daemon, asked once.
  if (families.includes('ipv6') && !(targets.length > 0 && sockets.bird6 === sockets.bird)) {
    targets.push({ daemon: 'bird6', socket: sockets.bird6, optional: guess, shared: sockets.bird });
  }
  return targets;
}
