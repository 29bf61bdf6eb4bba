// Decides which `show protocols` rows are Calico peers, from the names confd gives them:
//    Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
//    Node_10_0_0_4_port_1790 BGP      master   start  20:14:05    Active        Socket: Connection refused
//    Mesh_fd80_24e2_f998_72d7__2 BGP      ---        up     20:13:53.746  Established
import { ipFamily } from '../util/ip.ts';
import type { ProtocolRow } from './protocols.ts';

export type PeerType = 'mesh' | 'node' | 'global';

export interface CalicoPeer {
  name: string;
  address: string;
  /** From a `_port_<n>` suffix; null means BGP's default port. */
  port: number | null;
  family: 'ipv4' | 'ipv6';
  type: PeerType;
  state: string;
  bgpState: string | null;
  since: string;
  info: string;
  /** BGP state exactly `Established`; the state column is ignored, as calico-node does. */
  established: boolean;
}

const PREFIXES: Record<string, PeerType> = { Mesh: 'mesh', Node: 'node', Global: 'global' };
// `Local_Workload_…`, `Meshd_…` and friends must not match: the prefix ends at the first `_`.
const NAME = /^(Mesh|Node|Global)_(.+?)(?:_port_(\d{1,5}))?$/;
const IPV4 = /^\d{1,3}(?:_\d{1,3}){3}$/;

/**
 * The peer a row stands for, or null when the row is not a Calico peer: not BGP, another
 * prefix, or a name that does not decode to a valid address. The family is inferred per row
 * (four decimal groups → IPv4) because BIRD 2 lists both families in one table.
 */
export function toCalicoPeer(row: ProtocolRow): CalicoPeer | null {
  if (row.proto !== 'BGP') return null;
  const m = NAME.exec(row.name);
  const type = m?.[1] === undefined ? undefined : PREFIXES[m[1]];
  const encoded = m?.[2];
  if (type === undefined || encoded === undefined) return null;

  let port: number | null = null;
  if (m?.[3] !== undefined) {
    port = Number(m[3]);
    if (port < 1 || port > 65535) return null;
  }
  const family = IPV4.test(encoded) ? 'ipv4' : 'ipv6';
  const address = family === 'ipv4' ? encoded.replaceAll('_', '.') : encoded.replaceAll('_', ':');
  if (ipFamily(address) !== (family === 'ipv4' ? 4 : 6)) return null;

  return {
    name: row.name,
    address,
    port,
    family,
    type,
    state: row.state,
    bgpState: row.bgpState,
    since: row.since,
    info: row.info,
    established: row.bgpState === 'Established',
  };
}
