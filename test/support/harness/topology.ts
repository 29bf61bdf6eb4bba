// The fixed shape of the test network. Pure data: every other harness module derives
// namespaces, addresses, BIRD configs and expected protocol names from this table, so a
// peer is added or changed in exactly one place.

export type NodeKind = 'bird' | 'bird6' | 'bird2' | 'bird3';
export type Family = 'ipv4' | 'ipv6';
export type PeerImpl = 'bird-1.6' | 'bird-2';

/** iBGP everywhere, like Calico's default node-to-node mesh. */
export const AS_NUMBER = 64512;

/** The node under test. bird and bird6 share one netns (as in calico/node); BIRD 2 needs its own,
 * because a second daemon in the same netns could not bind port 179 again. */
export const NODE = {
  v4: '10.0.0.1',
  v6: 'fd00::1',
  routerId: '10.0.0.1',
} as const;

export const NODE2 = {
  v4: '10.0.0.11',
  v6: 'fd00::11',
  routerId: '10.0.0.11',
} as const;

/** The node's BIRD 3 daemon, configured like Calico's BIRD 3 template: one daemon, both families. */
export const NODE3 = {
  v4: '10.0.0.12',
  v6: 'fd00::12',
  routerId: '10.0.0.12',
} as const;

export interface PeerSpec {
  /** Calico protocol name on the node daemons (confd's naming, `_port_N` included). */
  name: string;
  /** Short id for netns, veth and file names (keeps socket paths far below 108 bytes). */
  id: string;
  address: string;
  family: Family;
  impl: PeerImpl;
  /** BGP port the peer listens on (179 unless confd would add `_port_N`). */
  port: number;
  /** Node daemons that have a protocol for this peer. */
  nodes: readonly NodeKind[];
  /** Calico makes the node whose address sorts lower (as a string) passive towards mesh peers;
   * 10.0.0.1, 10.0.0.11 and fd00::1 sort below every peer, so the node is passive on Mesh_*. */
  passive: boolean;
}

// Both families get both implementations, every Calico peer type and the `_port_` quirk.
export const PEERS: readonly PeerSpec[] = [
  {
    name: 'Mesh_10_0_0_2',
    id: 'm2',
    address: '10.0.0.2',
    family: 'ipv4',
    impl: 'bird-1.6',
    port: 179,
    nodes: ['bird', 'bird2', 'bird3'],
    passive: true,
  },
  {
    name: 'Mesh_10_0_0_3',
    id: 'm3',
    address: '10.0.0.3',
    family: 'ipv4',
    impl: 'bird-2',
    port: 179,
    nodes: ['bird', 'bird2', 'bird3'],
    passive: true,
  },
  { name: 'Node_10_0_0_4', id: 'n4', address: '10.0.0.4', family: 'ipv4', impl: 'bird-1.6', port: 179, nodes: ['bird'], passive: false },
  { name: 'Global_10_0_0_5', id: 'g5', address: '10.0.0.5', family: 'ipv4', impl: 'bird-2', port: 179, nodes: ['bird'], passive: false },
  {
    name: 'Node_10_0_0_6_port_1790',
    id: 'p6',
    address: '10.0.0.6',
    family: 'ipv4',
    impl: 'bird-1.6',
    port: 1790,
    nodes: ['bird', 'bird2', 'bird3'],
    passive: false,
  },
  // Not a Calico peer (confd's name for a local-workload peering): never counted, but it
  // holds graceful-restart recovery open while it is down, with every Calico peer Established.
  {
    name: 'Local_Workload_10_0_0_9',
    id: 'w9',
    address: '10.0.0.9',
    family: 'ipv4',
    impl: 'bird-1.6',
    port: 179,
    nodes: ['bird', 'bird3'],
    passive: false,
  },
  {
    name: 'Mesh_fd00__2',
    id: 'm2x',
    address: 'fd00::2',
    family: 'ipv6',
    impl: 'bird-2',
    port: 179,
    nodes: ['bird6', 'bird2', 'bird3'],
    passive: true,
  },
  {
    name: 'Mesh_fd00__3',
    id: 'm3x',
    address: 'fd00::3',
    family: 'ipv6',
    impl: 'bird-1.6',
    port: 179,
    nodes: ['bird6', 'bird2', 'bird3'],
    passive: true,
  },
  { name: 'Node_fd00__4', id: 'n4x', address: 'fd00::4', family: 'ipv6', impl: 'bird-2', port: 179, nodes: ['bird6'], passive: false },
  { name: 'Global_fd00__5', id: 'g5x', address: 'fd00::5', family: 'ipv6', impl: 'bird-1.6', port: 179, nodes: ['bird6'], passive: false },
  {
    name: 'Node_fd00__6_port_1790',
    id: 'p6x',
    address: 'fd00::6',
    family: 'ipv6',
    impl: 'bird-1.6',
    port: 1790,
    nodes: ['bird6'],
    passive: false,
  },
];

/**
 * The peers as started when only the node daemons in `running` are there (bird and bird6 always
 * are; BIRD 2 and 3 only when their binaries are). Without BIRD 2 its peers run BIRD 1.6, so
 * bird and bird6 still see every peer under the same name and address; a peer only talks to the
 * node daemons that run (a session to an absent one would keep the peer itself not ready), and a
 * peer left with none is not started.
 */
export function peersFor(running: readonly NodeKind[]): PeerSpec[] {
  return PEERS.flatMap((p) => {
    const nodes = p.nodes.filter((k) => running.includes(k));
    if (nodes.length === 0) return [];
    const impl = p.impl === 'bird-2' && !running.includes('bird2') ? 'bird-1.6' : p.impl;
    return [{ ...p, nodes, impl }];
  });
}

/** BGP protocol names configured on one node daemon, in config order (= BIRD's row order). */
export function peerNamesOn(kind: NodeKind): string[] {
  return PEERS.filter((p) => p.nodes.includes(kind)).map((p) => p.name);
}

/** The node-side address a peer talks to on a given node daemon. */
export function nodeAddressFor(kind: NodeKind, family: Family): string {
  const node = kind === 'bird2' ? NODE2 : kind === 'bird3' ? NODE3 : NODE;
  return family === 'ipv4' ? node.v4 : node.v6;
}

/** A router id for a peer: BIRD wants one even for IPv6-only daemons, and IPv6 peers have no IPv4. */
export function peerRouterId(peer: PeerSpec): string {
  const host = Number(peer.address.split(/[.:]/).at(-1));
  return peer.family === 'ipv4' ? peer.address : `10.0.0.${100 + host}`;
}

/** Calico-style name for the node as seen from a peer (only used inside peer configs). */
export function calicoName(prefix: string, address: string): string {
  return `${prefix}_${address.replace(/[.:]/g, '_')}`;
}
