// Decides which `show protocols` rows are Calico peers, from the names confd gives them:
//    Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
//    Node_10_0_0_4_port_1790 BGP      master   start  20:14:05    Active        Socket: Connection refused
//    Mesh_fd80_24e2_f998_72d7__2 BGP      ---        up     20:13:53.746  Established
import { ipFamily } from '../util/ip.ts';
import type { ProtocolRow } from './protocols.ts';
import { isDigits } from '../util/text.ts';

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

const PORT_SUFFIX = '_port_';

/**
 * `Mesh_10_0_0_2`, `Node_fd00__4`, `Node_10_0_0_6_port_1790`: the type, the encoded address and
 * the port, or undefined. `Local_Workload_…`, `Meshd_…` and friends do not match: the prefix ends
 * at the first `_`. By hand, not a regular expression (protocols.ts's splitLeading says why).
 */
function splitName(name: string): { type: PeerType; encoded: string; port: number | undefined } | undefined {
  const type = name.startsWith('Mesh_') ? 'mesh' : name.startsWith('Node_') ? 'node' : name.startsWith('Global_') ? 'global' : undefined;
  const from = type === 'global' ? 7 : 5;
  if (type === undefined || name.length === from) return undefined;
  const at = name.lastIndexOf(PORT_SUFFIX);
  const port = name.slice(at + PORT_SUFFIX.length);
  return at > from && isDigits(port, 5)
    ? { type, encoded: name.slice(from, at), port: Number(port) }
    : { type, encoded: name.slice(from), port: undefined };
}

/**
 * The peer a row stands for, or null when the row is not a Calico peer: not BGP, another
 * prefix, or a name that does not decode to a valid address. The family is inferred per row
 * (the address with dots for underscores reads as IPv4, else IPv6) because BIRD 2 lists both
 * families in one table.
 */
export function toCalicoPeer(row: ProtocolRow): CalicoPeer | null {
  if (row.proto !== 'BGP') return null;
  const parts = splitName(row.name);
  if (parts === undefined) return null;
  const { type, encoded } = parts;
  const port = parts.port ?? null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  // `10_0_0_2` is an IPv4 address, `fd00__2` an IPv6 one; anything else is no Calico peer.
  const dotted = encoded.replaceAll('_', '.');
  const family = ipFamily(dotted) === 4 ? 'ipv4' : 'ipv6';
  const address = family === 'ipv4' ? dotted : encoded.replaceAll('_', ':');
  if (family === 'ipv6' && ipFamily(address) !== 6) return null;

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
