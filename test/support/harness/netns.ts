// The network: a node netns holding a bridge (10.0.0.1/24, fd00::1/64), and one netns per other
// daemon (node BIRD 2 and BIRD 3 when they run, and each peer) attached to that bridge by a veth pair. All addresses live
// inside namespaces this harness created; nothing touches the host's own network.

import { existsSync } from 'node:fs';
import { $ } from 'zx';
import { NODE, NODE2, NODE3, type NodeKind, type PeerSpec } from './topology.ts';

const sh = $({ quiet: true });

export interface NetnsNames {
  node: string;
  /** Only when the harness starts that node daemon (BIRD 2, BIRD 3). */
  node2?: string;
  node3?: string;
  /** Peer id (topology.ts) → netns name. */
  peers: Record<string, string>;
}

/** Names unique per harness instance: parallel runs (several test files, several engineers) must not collide. */
export function netnsNames(tag: string, running: readonly NodeKind[], peers: readonly PeerSpec[]): NetnsNames {
  return {
    node: `${tag}-node`,
    ...(running.includes('bird2') ? { node2: `${tag}-node2` } : {}),
    ...(running.includes('bird3') ? { node3: `${tag}-node3` } : {}),
    peers: Object.fromEntries(peers.map((p) => [p.id, `${tag}-${p.id}`])),
  };
}

export function allNetns(names: NetnsNames): string[] {
  return [names.node, names.node2, names.node3, ...Object.values(names.peers)].filter((ns) => ns !== undefined);
}

interface Host {
  ns: string;
  veth: string;
  addresses: string[];
}

/** Builds the network. Stops between namespaces once `stopMarker` exists, so a teardown that
 * waits for this promise finds every namespace that will ever exist. */
export async function createNetwork(ip: string, names: NetnsNames, peers: readonly PeerSpec[], stopMarker: string): Promise<void> {
  // Sequential: concurrent `ip netns add` can race while making /run/netns a shared mount.
  for (const ns of allNetns(names)) {
    if (existsSync(stopMarker)) throw new Error('harness is being torn down; not creating namespaces');
    await sh`${ip} netns add ${ns}`;
  }
  await batch(ip, names.node, [
    'link set lo up',
    'link add br0 type bridge',
    `addr add ${NODE.v4}/24 dev br0`,
    // nodad: BIRD cannot bind a tentative address, and DAD would add seconds to start-up.
    `addr add ${NODE.v6}/64 dev br0 nodad`,
    'link set br0 up',
  ]);
  const hosts: Host[] = [
    ...(names.node2 === undefined ? [] : [{ ns: names.node2, veth: 'v-node2', addresses: [`${NODE2.v4}/24`, `${NODE2.v6}/64`] }]),
    ...(names.node3 === undefined ? [] : [{ ns: names.node3, veth: 'v-node3', addresses: [`${NODE3.v4}/24`, `${NODE3.v6}/64`] }]),
    ...peers.map((p) => ({
      ns: names.peers[p.id]!,
      veth: `v-${p.id}`,
      addresses: [p.family === 'ipv4' ? `${p.address}/24` : `${p.address}/64`],
    })),
  ];
  await Promise.all(
    hosts.map((h) =>
      batch(ip, h.ns, [
        'link set lo up',
        // Created inside the host's netns, so its name cannot clash with another harness's veths.
        `link add eth0 type veth peer name ${h.veth} netns ${names.node}`,
        ...h.addresses.map((a) => `addr add ${a} dev eth0${a.includes(':') ? ' nodad' : ''}`),
        'link set eth0 up',
      ]),
    ),
  );
  await batch(
    ip,
    names.node,
    hosts.map((h) => `link set ${h.veth} master br0 up`),
  );
}

async function batch(ip: string, ns: string, commands: readonly string[]): Promise<void> {
  await sh({ input: `${commands.join('\n')}\n` })`${ip} -n ${ns} -batch -`;
}

/** Deletes each namespace; a missing one is fine (teardown is idempotent). */
export async function deleteNetns(ip: string, namespaces: readonly string[]): Promise<void> {
  await Promise.all(namespaces.map((ns) => sh`${ip} netns del ${ns}`.nothrow()));
}

export async function listNetns(ip: string): Promise<string[]> {
  const out = await sh`${ip} netns list`.nothrow();
  return out.stdout
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
}
