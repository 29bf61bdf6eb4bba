// The states of the core integration scenarios as one table, shared by the core scenario test
// (which asserts calico-node's wording) and the monitoring test (which hands every probe of
// every scenario to node_exporter, promtool, the Nagios rules and the JSON Schema).
import { DEFAULT_REPORTERS } from './felix-standin.ts';
import type { Rig } from './integration.ts';
import type { CheckStatus } from '../../src/checks/types.ts';

/** Nodename file ages (seconds) on either side of the default 30 s strict window. */
export const WINDOW_CLOSED = 120;
export const WINDOW_OPEN = 2;
/** Debian's `nobody`: a user that may not open root's sockets or runit files. */
export const NOBODY = 65534;

export interface ScenarioProbe {
  name: string;
  args(rig: Rig): string[];
  /** Set on the nodename file just before the run. */
  nodenameAge: number;
  /** Asks the BIRD 2 node: skipped (failed under CI) without BIRD 2. */
  needsBird2?: boolean;
  /** The run's overall status, as the JSON document's `status`. */
  status: CheckStatus;
  /** Run as this user (uid = gid) instead of root. */
  uid?: number;
}

export interface Scenario {
  name: string;
  /** Takes the healthy rig into this state. */
  setup(rig: Rig): Promise<void>;
  /** Takes it back: every peering Established, every service up, Felix healthy; also after a set-up that failed half-way. */
  teardown(rig: Rig): Promise<void>;
  probes: ScenarioProbe[];
}

const CALICO_V4_PEERS = ['Mesh_10_0_0_2', 'Mesh_10_0_0_3', 'Node_10_0_0_4', 'Global_10_0_0_5', 'Node_10_0_0_6_port_1790'];
const nothing = async (): Promise<void> => {};
const ready = (rig: Rig) => ['ready', ...rig.args];
const live = (rig: Rig) => ['live', ...rig.args];
const birdReady = (rig: Rig) => ['check', 'bird-ready', ...rig.args];
/** Only with BIRD 2 (ScenarioProbe.needsBird2). */
const onBird2 = (rig: Rig) => [...birdReady(rig), '--bird-socket', rig.harness.bird2?.socket ?? ''];
const ipv6 = (rig: Rig) => ['ready', '--family', 'ipv6', ...rig.args];

async function birdBackUp(rig: Rig): Promise<void> {
  await rig.harness.svUp('bird');
  await rig.harness.waitEstablished(rig.harness.bird.socket);
  await rig.harness.waitGrRecoveryOver(rig.harness.bird.socket);
}

export const HEALTHY: Scenario = {
  name: 'healthy',
  setup: nothing,
  teardown: nothing,
  probes: [
    { name: 'ready', args: ready, nodenameAge: WINDOW_CLOSED, status: 'pass' },
    { name: 'live', args: live, nodenameAge: WINDOW_CLOSED, status: 'pass' },
    {
      name: 'drop-in -felix-ready -bird-ready',
      args: (rig) => ['-felix-ready', '-bird-ready', '-threshold-time=30s', ...rig.args],
      nodenameAge: WINDOW_CLOSED,
      status: 'pass',
    },
    { name: 'ready --family dual', args: (rig) => ['ready', '--family', 'dual', ...rig.args], nodenameAge: WINDOW_OPEN, status: 'pass' },
    { name: 'BIRD 2: bird-ready', args: onBird2, nodenameAge: WINDOW_CLOSED, status: 'pass', needsBird2: true },
    { name: 'IPv6: ready --family ipv6', args: ipv6, nodenameAge: WINDOW_CLOSED, status: 'pass' },
  ],
};

/** A peer stopped cleanly: set-up waits until every node daemon in `sockets` sees its row leave
 * Established; teardown waits until every peering there is Established again. */
function stoppedPeer(name: string, sockets: (rig: Rig) => string[]): Pick<Scenario, 'setup' | 'teardown'> {
  const rowDown = new RegExp(`${name}\\s+BGP\\s+\\S+\\s+start`);
  return {
    async setup(rig) {
      await rig.harness.peer(name).stop();
      for (const socket of sockets(rig)) await rig.harness.waitFor(socket, (raw) => rowDown.test(raw));
    },
    async teardown(rig) {
      await rig.harness.peer(name).start();
      for (const socket of sockets(rig)) await rig.harness.waitEstablished(socket);
    },
  };
}

export const PEER_DOWN: Scenario = {
  name: 'peer Node_10_0_0_4 down',
  ...stoppedPeer('Node_10_0_0_4', (rig) => [rig.harness.bird.socket]),
  probes: [
    { name: 'ready inside the strict window', args: ready, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'ready after the strict window', args: ready, nodenameAge: WINDOW_CLOSED, status: 'warn' },
  ],
};

export const NO_PEERS: Scenario = {
  name: 'no BGP peers configured',
  setup: (rig) => rig.harness.configureNoPeers('bird'),
  teardown: (rig) => rig.harness.restoreConfig('bird'),
  probes: [{ name: 'bird-ready', args: birdReady, nodenameAge: WINDOW_OPEN, status: 'pass' }],
};

export const STALE_SOCKET: Scenario = {
  name: 'BIRD killed: stale socket',
  setup: (rig) => rig.harness.killNodeBird('bird', 'SIGKILL'),
  teardown: birdBackUp,
  probes: [
    { name: 'bird-ready', args: birdReady, nodenameAge: WINDOW_CLOSED, status: 'fail' },
    { name: 'bird-live', args: (rig) => ['check', 'bird-live', ...rig.args], nodenameAge: WINDOW_CLOSED, status: 'fail' },
  ],
};

export const ABSENT_SOCKET: Scenario = {
  name: 'BIRD stopped: no socket',
  setup: (rig) => rig.harness.killNodeBird('bird', 'SIGTERM'),
  teardown: birdBackUp,
  probes: [
    { name: 'bird-ready', args: birdReady, nodenameAge: WINDOW_CLOSED, status: 'fail' },
    { name: 'ready', args: ready, nodenameAge: WINDOW_CLOSED, status: 'fail' },
  ],
};

// The GR peer that stays down is not a Calico peer, so every Calico peer is Established while
// BIRD keeps reporting 0024.
export const GR_RECOVERY: Scenario = {
  name: 'graceful-restart recovery',
  async setup(rig) {
    await rig.harness.restartNodeBirdWithGr('bird', 'Local_Workload_10_0_0_9');
    await rig.harness.waitEstablished(rig.harness.bird.socket, CALICO_V4_PEERS);
  },
  async teardown(rig) {
    await rig.harness.svUp('bird');
    await rig.harness.peer('Local_Workload_10_0_0_9').start();
    await rig.harness.waitGrRecoveryOver(rig.harness.bird.socket);
    await rig.harness.waitEstablished(rig.harness.bird.socket);
  },
  probes: [
    { name: 'bird-ready inside the strict window', args: birdReady, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'bird-ready after the strict window', args: birdReady, nodenameAge: WINDOW_CLOSED, status: 'warn' },
  ],
};

export const CONFD_DOWN: Scenario = {
  name: 'runit service confd down',
  setup: (rig) => rig.harness.svDown('confd'),
  teardown: (rig) => rig.harness.svUp('confd'),
  probes: [{ name: 'live', args: live, nodenameAge: WINDOW_CLOSED, status: 'fail' }],
};

export const FELIX_NOT_READY: Scenario = {
  name: 'Felix 503',
  async setup(rig) {
    rig.felix.setReporters([
      { name: 'FelixStartup', live: true, ready: true },
      { name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: 'timed out', ready: 'timed out' },
    ]);
  },
  async teardown(rig) {
    rig.felix.setReporters(DEFAULT_REPORTERS);
  },
  probes: [
    { name: 'ready', args: ready, nodenameAge: WINDOW_CLOSED, status: 'fail' },
    { name: 'live', args: live, nodenameAge: WINDOW_CLOSED, status: 'fail' },
  ],
};

export const IPV6_PEER_DOWN: Scenario = {
  name: 'IPv6 peer Mesh_fd00__3 down',
  ...stoppedPeer('Mesh_fd00__3', (rig) => [rig.harness.bird6.socket, ...(rig.harness.bird2 ? [rig.harness.bird2.socket] : [])]),
  probes: [
    { name: 'ready --family ipv6', args: ipv6, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'BIRD 2: bird-ready', args: onBird2, nodenameAge: WINDOW_OPEN, status: 'fail', needsBird2: true },
  ],
};

// Run as a user who may not read runit's files or open BIRD's socket: no verdict, not a failure.
export const PERMISSION_DENIED: Scenario = {
  name: 'permission denied (run as nobody)',
  setup: nothing,
  teardown: nothing,
  probes: [
    { name: 'bird-live', args: (rig) => ['check', 'bird-live', ...rig.args], nodenameAge: WINDOW_CLOSED, status: 'unknown', uid: NOBODY },
  ],
};

export const SCENARIOS: readonly Scenario[] = [
  HEALTHY,
  PEER_DOWN,
  NO_PEERS,
  STALE_SOCKET,
  ABSENT_SOCKET,
  GR_RECOVERY,
  CONFD_DOWN,
  FELIX_NOT_READY,
  IPV6_PEER_DOWN,
  PERMISSION_DENIED,
];
