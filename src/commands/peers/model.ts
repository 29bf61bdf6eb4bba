// Pure: one daemon's `show protocols`, `show protocols all` and `show status`, merged into
// the rows of the peer table. Every BGP protocol is a row; Calico's own (Mesh_, Node_,
// Global_) are typed and counted, any other BGP session is listed as `other`.
import { isIP } from 'node:net';
import { toCalicoPeer, type BirdStatus, type ProtocolDetail, type ProtocolRow } from '../../bird/index.ts';

export type PeerKind = 'mesh' | 'node' | 'global' | 'other';
/** How the session is doing, for colour and for people: up, coming up, or down. */
export type PeerCondition = 'established' | 'transitional' | 'down';

export interface PeerEntry {
  name: string;
  address: string | null;
  /** BIRD's `Neighbor port`, else the `_port_N` of the name, else 179 where that is certain. */
  port: number | null;
  family: 'ipv4' | 'ipv6' | null;
  type: PeerKind;
  as: number | null;
  state: string;
  bgpState: string | null;
  since: string;
  /** The last error or info text after the BGP state (`Socket: Connection refused`). */
  info: string;
  /** `Neighbor graceful restart active`: the peer restarted and its routes are kept as stale. */
  gracefulRestart: boolean;
  /** This daemon's own recovery flags for the protocol (`pending`, `waiting`), or null. */
  grRecovery: string | null;
  condition: PeerCondition;
}

export interface PeerTable {
  peers: PeerEntry[];
  /** Calico peers (mesh, node, global) Established, and how many there are. */
  established: number;
  calicoPeers: number;
  /** The 0024 block of `show status`: the daemon waits for its peers after a restart. */
  grRecovery: string[] | null;
}

const BGP_PORT = 179;
// The session is on its way up: a connection is being made or the OPENs are being exchanged.
const TRANSITIONAL = new Set(['Connect', 'OpenSent', 'OpenConfirm']);

export function buildPeerTable(rows: readonly ProtocolRow[], details: ReadonlyMap<string, ProtocolDetail>, status: BirdStatus): PeerTable {
  // BIRD 2 prints `Neighbor port` whenever it is not 179; BIRD 1.6 never prints it.
  const printsPort = /^[23]\./.test(status.version ?? '');
  const peers = rows.filter((row) => row.proto === 'BGP').map((row) => toEntry(row, details.get(row.name), printsPort));
  const calico = peers.filter((p) => p.type !== 'other');
  return {
    peers,
    established: calico.filter((p) => p.condition === 'established').length,
    calicoPeers: calico.length,
    grRecovery: status.grRecovery?.lines ?? null,
  };
}

function toEntry(row: ProtocolRow, detail: ProtocolDetail | undefined, printsPort: boolean): PeerEntry {
  const calico = toCalicoPeer(row);
  // BIRD's own word for the address beats the one decoded from the protocol name.
  const address = detail?.neighborAddress?.replace(/%.*$/, '') || calico?.address || null;
  const version = address === null ? 0 : isIP(address);
  const gracefulRestart = detail?.neighborGracefulRestart ?? false;
  return {
    name: row.name,
    address,
    port: detail?.neighborPort ?? calico?.port ?? (calico !== null || printsPort ? BGP_PORT : null),
    family: version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null,
    type: calico?.type ?? 'other',
    as: detail?.neighborAs ?? null,
    state: row.state,
    bgpState: row.bgpState,
    since: row.since,
    info: row.lastError || detail?.lastError || '',
    gracefulRestart,
    grRecovery: detail?.grRecovery ?? null,
    condition: conditionOf(row.bgpState, gracefulRestart),
  };
}

/** Established is up; a session being opened, or a peer in graceful restart, is transitional. */
export function conditionOf(bgpState: string | null, gracefulRestart: boolean): PeerCondition {
  if (bgpState === 'Established') return 'established';
  if (gracefulRestart || (bgpState !== null && TRANSITIONAL.has(bgpState))) return 'transitional';
  return 'down';
}
