// BIRD configuration text for the node daemons and the peers. Pure functions of the topology.
// The node configs follow confd's bird.cfg / bird6.cfg (router id, kernel with graceful restart,
// a bgp_template, one protocol per peer named the Calico way), with fast timers so state changes
// show up in seconds instead of Calico's 2 s / 5 s / 5,30 s.

import {
  AS_NUMBER,
  NODE,
  NODE2,
  NODE3,
  PEERS,
  calicoName,
  nodeAddressFor,
  peerRouterId,
  type NodeKind,
  type PeerSpec,
} from './topology.ts';

const FAST_TIMERS = 'connect delay time 1;\n  connect retry time 2;\n  error wait time 1,4;';

// Calico enables it; `startHarness({ gracefulRestart: false })` turns it off on the node side only.
function grLine(on: boolean): string {
  return on ? 'graceful restart;' : 'graceful restart off;';
}

function neighbor(address: string, port: number): string {
  return port === 179 ? `neighbor ${address} as ${AS_NUMBER};` : `neighbor ${address} port ${port} as ${AS_NUMBER};`;
}

/**
 * `timeformat protocol` settings the time-format tests configure (test/integration/time-formats.test.ts);
 * `default` writes no line. `F` is what Calico's BIRD 3 template sets.
 */
export const TIME_FORMATS = {
  default: '',
  F: 'timeformat protocol "%F";',
  T: 'timeformat protocol "%T";',
  'iso-long': 'timeformat protocol iso long;',
  unix: 'timeformat protocol "%s";',
  custom: 'timeformat protocol "%d %b %Y %T";',
} as const;
export type TimeFormat = keyof typeof TIME_FORMATS;

/** Node `bird` or `bird6` (BIRD 1.6); `withPeers: false` is the "no BGP protocols" variant. */
export function node16Config(
  kind: 'bird' | 'bird6',
  withPeers: boolean,
  gracefulRestart = true,
  timeformat: TimeFormat = 'default',
): string {
  const family = kind === 'bird' ? 'ipv4' : 'ipv6';
  const source = nodeAddressFor(kind, family);
  const peers = withPeers ? PEERS.filter((p) => p.nodes.includes(kind)) : [];
  return [
    `# calico-probe test harness: node ${kind} (BIRD 1.6), modelled on confd's ${kind}.cfg`,
    `router id ${NODE.routerId};`,
    TIME_FORMATS[timeformat],
    '',
    'protocol kernel {\n  learn;\n  scan time 2;\n  import all;\n  export none;\n  graceful restart;\n}',
    'protocol device {\n  scan time 2;\n}',
    'protocol direct {\n  interface "br0";\n}',
    '',
    `template bgp bgp_template {\n  local as ${AS_NUMBER};\n  source address ${source};\n  import all;\n  export all;\n  ${grLine(gracefulRestart)}\n  ${FAST_TIMERS}\n}`,
    ...peers.map(
      (p) => `protocol bgp ${p.name} from bgp_template {\n  ${neighbor(p.address, p.port)}${p.passive ? '\n  passive on;' : ''}\n}`,
    ),
    '',
  ].join('\n');
}

/** The node BIRD 2 daemon: IPv4 and IPv6 Calico peers in one table. */
export function node2Config(withPeers: boolean, gracefulRestart = true, timeformat: TimeFormat = 'default'): string {
  return dualConfig('bird2', withPeers, gracefulRestart, timeformat);
}

/**
 * The node BIRD 3 daemon, the way Calico's BIRD 3 template configures it: one daemon and one
 * control socket for both families, an `ipv4` or `ipv6` channel per peer, Calico protocol names,
 * graceful restart, and `timeformat protocol "%F"` (the since column is a date).
 */
export function node3Config(withPeers: boolean, gracefulRestart = true, timeformat: TimeFormat = 'F', readOnlySocket?: string): string {
  const config = dualConfig('bird3', withPeers, gracefulRestart, timeformat);
  // A second control socket BIRD itself makes read-only (BIRD 2.16+ and 3).
  return readOnlySocket === undefined ? config : `${config}cli "${readOnlySocket}" { restrict; };\n`;
}

function dualConfig(kind: 'bird2' | 'bird3', withPeers: boolean, gracefulRestart: boolean, timeformat: TimeFormat): string {
  const peers = withPeers ? PEERS.filter((p) => p.nodes.includes(kind)) : [];
  const node = kind === 'bird2' ? NODE2 : NODE3;
  return [
    `# calico-probe test harness: node ${kind === 'bird2' ? 'BIRD 2' : "BIRD 3 (Calico's BIRD 3 template)"}, IPv4 and IPv6 peers in one daemon`,
    `router id ${node.routerId};`,
    TIME_FORMATS[timeformat],
    '',
    'protocol device {\n  scan time 2;\n}',
    'protocol direct {\n  ipv4;\n  ipv6;\n  interface "eth0";\n}',
    'protocol kernel kernel4 {\n  ipv4 { import all; export none; };\n  learn;\n  scan time 2;\n  graceful restart;\n}',
    'protocol kernel kernel6 {\n  ipv6 { import all; export none; };\n  learn;\n  scan time 2;\n  graceful restart;\n}',
    '',
    `template bgp bgp_template {\n  local as ${AS_NUMBER};\n  ${grLine(gracefulRestart)}\n  ${FAST_TIMERS}\n}`,
    ...peers.map((p) => {
      const channel = p.family === 'ipv4' ? 'ipv4' : 'ipv6';
      return `protocol bgp ${p.name} from bgp_template {\n  ${neighbor(p.address, p.port)}\n  source address ${nodeAddressFor(kind, p.family)};${p.passive ? '\n  passive on;' : ''}\n  ${channel} { import all; export all; };\n}`;
    }),
    '',
  ].join('\n');
}

/** A peer daemon: one family, one protocol per node daemon it peers with, one static route to announce. */
export function peerConfig(peer: PeerSpec): string {
  const host = Number(peer.address.split(/[.:]/).at(-1));
  const route = peer.family === 'ipv4' ? `10.0.0.${200 + host}/32` : `fd00::${200 + host}/128`;
  const remotes = peer.nodes.map((kind: NodeKind) => nodeAddressFor(kind, peer.family));
  const lines = [`# calico-probe test harness: peer ${peer.name} (${peer.impl})`, `router id ${peerRouterId(peer)};`];
  if (peer.impl === 'bird-1.6') {
    // BIRD 1.6 has one global listening port; the node connects to it, we connect to the node's 179.
    if (peer.port !== 179) lines.push(`listen bgp port ${peer.port};`);
    lines.push(
      'protocol device {\n  scan time 2;\n}',
      `protocol static {\n  route ${route} blackhole;\n}`,
      ...remotes.map(
        (r) =>
          `protocol bgp ${calicoName('Node', r)} {\n  local as ${AS_NUMBER};\n  source address ${peer.address};\n  ${neighbor(r, 179)}\n  import all;\n  export all;\n  graceful restart;\n  ${FAST_TIMERS}\n}`,
      ),
    );
  } else {
    const channel = peer.family === 'ipv4' ? 'ipv4' : 'ipv6';
    lines.push(
      'protocol device {\n  scan time 2;\n}',
      `protocol static {\n  ${channel};\n  route ${route} blackhole;\n}`,
      ...remotes.map(
        (r) =>
          `protocol bgp ${calicoName('Node', r)} {\n  local ${peer.address} as ${AS_NUMBER};\n  ${neighbor(r, 179)}${peer.port !== 179 ? `\n  local port ${peer.port};` : ''}\n  graceful restart;\n  ${FAST_TIMERS}\n  ${channel} { import all; export all; };\n}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
