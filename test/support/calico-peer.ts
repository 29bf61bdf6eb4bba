// A CalicoPeer as src/bird/peers.ts makes one from a `show protocols` row, for the renderers' tests.
import type { CalicoPeer } from '../../src/bird/index.ts';

export const calicoPeer = (name: string, address: string, family: 'ipv4' | 'ipv6', established: boolean): CalicoPeer => ({
  name,
  address,
  port: null,
  family,
  type: 'mesh',
  state: established ? 'up' : 'start',
  bgpState: established ? 'Established' : 'Active',
  since: '20:13:53',
  info: '',
  established,
});
