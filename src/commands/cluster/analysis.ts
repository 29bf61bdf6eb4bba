// From the answers of clusterQueries() to what `cluster` reports: unhealthy nodes, sessions down
// with the node that owns each address, suspects, asymmetric pairs, flapping peers, and the
// node × node matrix. Pure: tested directly on hand-made samples.
import type { PromSample } from '../../prometheus/client.ts';

/** A scrape target that exports calico-probe's series: one node. */
export interface NodeRef {
  /** node_info's `node` label, else the target's `instance`. */
  name: string;
  instance: string;
  job: string;
  /** '' when no BIRD answered. */
  routerId: string;
}

export type NodeState = 'ready' | 'not-ready' | 'expected' | 'stale';

export interface NodeStatus {
  node: NodeRef;
  state: NodeState;
  /** The ready checks that fail (not-ready); empty otherwise. */
  failing: string[];
  /** Why it is expected to be unready (issue 13's reason label), when it is. */
  expectedReason: string | null;
  /** Fresh, but its last exposition had no router id: no BIRD daemon answered. */
  noBird: boolean;
}

export interface DownAddress {
  address: string;
  family: string;
  /** The node whose router id is this address, when one is known. */
  owner: NodeRef | null;
  /** The nodes that have a session to it that is not Established. */
  seenDownBy: NodeRef[];
  /** How many nodes have a session to it at all. */
  observers: number;
  suspect: boolean;
}

export interface AsymmetricPair {
  /** Sees `other` down… */
  node: NodeRef;
  /** …while `other` sees `node` Established. */
  other: NodeRef;
  /** The addresses each side's session is to. */
  downAddress: string;
  upAddress: string;
}

export interface Flapping {
  node: NodeRef;
  peer: string;
  address: string;
  family: string;
  owner: NodeRef | null;
  transitions: number;
}

export type Cell = 'up' | 'down' | 'none';

export interface Matrix {
  nodes: NodeRef[];
  /** cells[i][j]: node i's session to node j. */
  cells: Cell[][];
}

export interface ClusterView {
  nodes: NodeStatus[];
  summary: { nodes: number; ready: number; notReady: number; expected: number; stale: number; noBird: number };
  down: DownAddress[];
  suspects: DownAddress[];
  asymmetric: AsymmetricPair[];
  flapping: Flapping[];
  matrix: Matrix | null;
  /** Every node ready or expected, and no session down except to or from an expected node. */
  healthy: boolean;
}

export interface ClusterSamples {
  /** Every node_info series of the window: a node whose BIRD stopped has an older one with its router id. */
  nodes: PromSample[];
  stale: PromSample[];
  noBird: PromSample[];
  failingChecks: PromSample[];
  expected: PromSample[];
  down: PromSample[];
  observersOfDown: PromSample[];
  flapping: PromSample[];
  /** The Established sessions of the owners of down addresses. */
  ownersEstablished: PromSample[];
  /** Every session, for the matrix; null when no matrix is drawn. */
  allSessions: PromSample[] | null;
}

const keyOf = (labels: { job?: string; instance?: string }): string => `${labels.job ?? ''}\u0000${labels.instance ?? ''}`;
const byName = (a: NodeRef, b: NodeRef): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.instance < b.instance ? -1 : 1);

export function analyse(samples: ClusterSamples): ClusterView {
  const nodes = new Map<string, NodeRef>();
  for (const { labels } of samples.nodes) {
    const key = keyOf(labels);
    const known = nodes.get(key);
    const instance = labels.instance ?? '';
    const routerId = labels.router_id ?? '';
    if (known === undefined) nodes.set(key, { name: labels.node || instance, instance, job: labels.job ?? '', routerId });
    else if (known.routerId === '' && routerId !== '') known.routerId = routerId;
  }
  const withoutBird = new Set(samples.noBird.map((s) => keyOf(s.labels)));
  const owners = new Map<string, NodeRef>();
  for (const node of nodes.values()) if (node.routerId !== '' && !owners.has(node.routerId)) owners.set(node.routerId, node);
  const nodeOf = (labels: Record<string, string>): NodeRef | undefined => nodes.get(keyOf(labels));

  const stale = new Set(samples.stale.map((s) => keyOf(s.labels)));
  const expected = new Map(samples.expected.map((s) => [keyOf(s.labels), s.labels.reason ?? 'expected']));
  const failing = new Map<string, string[]>();
  for (const { labels } of samples.failingChecks) {
    const list = failing.get(keyOf(labels)) ?? [];
    if (labels.check !== undefined && !list.includes(labels.check)) list.push(labels.check);
    failing.set(keyOf(labels), list.sort());
  }

  const statuses = [...nodes.entries()]
    .map(([key, node]): NodeStatus => {
      const isStale = stale.has(key);
      const state: NodeState = isStale ? 'stale' : expected.has(key) ? 'expected' : failing.has(key) ? 'not-ready' : 'ready';
      return {
        node,
        state,
        failing: state === 'not-ready' ? (failing.get(key) ?? []) : [],
        expectedReason: state === 'expected' ? (expected.get(key) ?? null) : null,
        noBird: !isStale && withoutBird.has(key),
      };
    })
    .sort((a, b) => byName(a.node, b.node));
  const count = (state: NodeState) => statuses.filter((s) => s.state === state).length;
  const excused = new Set(statuses.filter((s) => s.state === 'expected').map((s) => keyOf(s.node)));

  const observers = new Map(samples.observersOfDown.map((s) => [s.labels.address ?? '', s.value]));
  const downByAddress = new Map<string, DownAddress>();
  let unexpectedDown = false;
  for (const { labels } of samples.down) {
    const node = nodeOf(labels);
    const address = labels.address ?? '';
    if (node === undefined || address === '' || stale.has(keyOf(labels))) continue;
    const entry = downByAddress.get(address) ?? {
      address,
      family: labels.family ?? '',
      owner: owners.get(address) ?? null,
      seenDownBy: [],
      observers: observers.get(address) ?? 0,
      suspect: false,
    };
    if (!entry.seenDownBy.includes(node)) entry.seenDownBy.push(node);
    downByAddress.set(address, entry);
    const ownerExcused = entry.owner !== null && excused.has(keyOf(entry.owner));
    if (!excused.has(keyOf(labels)) && !ownerExcused) unexpectedDown = true;
  }
  const down = [...downByAddress.values()]
    .map((d) => {
      const seen = d.seenDownBy.sort(byName);
      const total = Math.max(d.observers, seen.length);
      // One observer alone cannot tell whose fault it is; most of several can.
      return { ...d, seenDownBy: seen, observers: total, suspect: seen.length >= 2 && seen.length * 2 > total };
    })
    .sort((a, b) => b.seenDownBy.length - a.seenDownBy.length || (a.address < b.address ? -1 : 1));

  return {
    nodes: statuses,
    summary: {
      nodes: statuses.length,
      ready: count('ready'),
      notReady: count('not-ready'),
      expected: count('expected'),
      stale: count('stale'),
      noBird: statuses.filter((s) => s.noBird).length,
    },
    down,
    suspects: down.filter((d) => d.suspect),
    asymmetric: asymmetricPairs(samples, down, nodeOf),
    flapping: flappingPeers(samples.flapping, nodeOf, owners),
    matrix: samples.allSessions === null ? null : matrix(samples.allSessions, [...nodes.values()].sort(byName), nodeOf, owners),
    healthy: statuses.every((s) => s.state === 'ready' || s.state === 'expected') && !unexpectedDown,
  };
}

function asymmetricPairs(
  samples: ClusterSamples,
  down: readonly DownAddress[],
  nodeOf: (labels: Record<string, string>) => NodeRef | undefined,
): AsymmetricPair[] {
  const upFrom = new Set<string>();
  for (const { labels } of samples.ownersEstablished) {
    const node = nodeOf(labels);
    if (node !== undefined) upFrom.add(`${node.instance}\u0000${node.job}\u0000${labels.address}`);
  }
  const pairs: AsymmetricPair[] = [];
  for (const entry of down) {
    const other = entry.owner;
    if (other === null) continue;
    for (const node of entry.seenDownBy) {
      if (node.routerId !== '' && upFrom.has(`${other.instance}\u0000${other.job}\u0000${node.routerId}`)) {
        pairs.push({ node, other, downAddress: entry.address, upAddress: node.routerId });
      }
    }
  }
  return pairs.sort((a, b) => byName(a.node, b.node));
}

function flappingPeers(
  samples: readonly PromSample[],
  nodeOf: (labels: Record<string, string>) => NodeRef | undefined,
  owners: ReadonlyMap<string, NodeRef>,
): Flapping[] {
  return samples
    .flatMap(({ labels, value }): Flapping[] => {
      const node = nodeOf(labels);
      if (node === undefined) return [];
      const address = labels.address ?? '';
      const transitions = Math.round(value);
      return [{ node, peer: labels.peer ?? '', address, family: labels.family ?? '', owner: owners.get(address) ?? null, transitions }];
    })
    .sort((a, b) => b.transitions - a.transitions || byName(a.node, b.node));
}

function matrix(
  sessions: readonly PromSample[],
  nodes: NodeRef[],
  nodeOf: (labels: Record<string, string>) => NodeRef | undefined,
  owners: ReadonlyMap<string, NodeRef>,
): Matrix {
  const index = new Map(nodes.map((n, i) => [n, i]));
  const cells: Cell[][] = nodes.map(() => nodes.map((): Cell => 'none'));
  for (const { labels, value } of sessions) {
    const from = nodeOf(labels);
    const to = owners.get(labels.address ?? '');
    if (from === undefined || to === undefined) continue;
    const row = cells[index.get(from) ?? -1];
    const column = index.get(to);
    if (row === undefined || column === undefined) continue;
    // Two sessions between a pair (IPv4 and IPv6 share a router id): down wins.
    row[column] = value === 1 && row[column] !== 'down' ? 'up' : 'down';
  }
  return { nodes, cells };
}
