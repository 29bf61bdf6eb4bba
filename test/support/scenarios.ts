// The states of the core integration scenarios as one table, shared by the core scenario test
// (which asserts calico-node's wording) and the monitoring test (which hands every probe of
// every scenario to node_exporter, promtool, the Nagios rules and the JSON Schema).
import { DEFAULT_REPORTERS } from './felix-standin.ts';
import type { NodeKind, OptionalDaemon } from './harness/index.ts';
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
  /** The run's overall status, as the JSON document's `status`. */
  status: CheckStatus;
  /** Run as this user (uid = gid) instead of root. */
  uid?: number;
  /** Node daemons it asks besides BIRD 1.6: without them it skips (fails under CI), the rest of the scenario runs. */
  needs?: readonly OptionalDaemon[];
}

export interface Scenario {
  name: string;
  /** Takes the healthy rig into this state. */
  setup(rig: Rig): Promise<void>;
  /** Takes it back: every peering Established, every service up, Felix healthy; also after a set-up that failed half-way. */
  teardown(rig: Rig): Promise<void>;
  probes: ScenarioProbe[];
  /** Node daemons the set-up drives: without them the whole scenario skips (fails under CI). */
  needs?: readonly OptionalDaemon[];
}

const CALICO_V4_PEERS = ['Mesh_10_0_0_2', 'Mesh_10_0_0_3', 'Node_10_0_0_4', 'Global_10_0_0_5', 'Node_10_0_0_6_port_1790'];
const nothing = async (): Promise<void> => {};
const ready = (rig: Rig) => ['ready', ...rig.args];
const live = (rig: Rig) => ['live', ...rig.args];
const birdReady = (rig: Rig) => ['check', 'bird-ready', ...rig.args];
const onBird2 = (rig: Rig) => [...birdReady(rig), '--bird-socket', rig.harness.daemon('bird2').socket];
/** A socket path that does not exist: a BIRD 2 or 3 node has no bird6 socket. */
const NO_BIRD6 = (rig: Rig) => `${rig.harness.dir}/node/no-bird6.ctl`;
/** One daemon for both families: --bird-socket names it, --bird6-socket does not exist. */
const oneSocket = (rig: Rig, socket: string) => ['--bird-socket', socket, '--bird6-socket', NO_BIRD6(rig)];
const bird6OnBird2 = (rig: Rig) => ['check', 'bird6-ready', ...rig.args, ...oneSocket(rig, rig.harness.daemon('bird2').socket)];
/** BIRD 3 as Calico runs it: `ready` for both families from its one socket. */
const bird3 = (rig: Rig) => rig.harness.daemon('bird3');
const readyOnBird3 = (rig: Rig) => ['ready', '--family', 'dual', ...rig.args, ...oneSocket(rig, bird3(rig).socket)];
const birdReadyOnBird3 = (rig: Rig) => [...birdReady(rig), ...oneSocket(rig, bird3(rig).socket)];
const bird6ReadyOnBird3 = (rig: Rig) => ['check', 'bird6-ready', ...rig.args, ...oneSocket(rig, bird3(rig).socket)];
const CALICO_BIRD3_PEERS = ['Mesh_10_0_0_2', 'Mesh_10_0_0_3', 'Node_10_0_0_6_port_1790', 'Mesh_fd00__2', 'Mesh_fd00__3'];
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
    { name: 'BIRD 2: bird-ready', args: onBird2, nodenameAge: WINDOW_CLOSED, status: 'pass', needs: ['bird2'] },
    { name: 'IPv6: ready --family ipv6', args: ipv6, nodenameAge: WINDOW_CLOSED, status: 'pass' },
    { name: 'BIRD 2: bird6-ready from the one socket', args: bird6OnBird2, nodenameAge: WINDOW_CLOSED, status: 'pass', needs: ['bird2'] },
    {
      name: 'BIRD 3: ready, both families from one socket',
      args: readyOnBird3,
      nodenameAge: WINDOW_OPEN,
      status: 'pass',
      needs: ['bird3'],
    },
  ],
};

/** A peer stopped cleanly: set-up waits until each node daemon of `kinds` that runs sees its row
 * leave Established; teardown waits until every peering there is Established again. */
function stoppedPeer(name: string, kinds: NodeKind[]): Pick<Scenario, 'setup' | 'teardown'> {
  const rowDown = new RegExp(`${name}\\s+BGP\\s+\\S+\\s+start`);
  return {
    async setup(rig) {
      await rig.harness.peer(name).stop();
      for (const socket of rig.harness.socketsOf(...kinds)) await rig.harness.waitFor(socket, (raw) => rowDown.test(raw));
    },
    async teardown(rig) {
      await rig.harness.peer(name).start();
      for (const socket of rig.harness.socketsOf(...kinds)) await rig.harness.waitEstablished(socket);
    },
  };
}

export const PEER_DOWN: Scenario = {
  name: 'peer Node_10_0_0_4 down',
  ...stoppedPeer('Node_10_0_0_4', ['bird']),
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
  ...stoppedPeer('Mesh_fd00__3', ['bird6', 'bird2', 'bird3']),
  probes: [
    { name: 'ready --family ipv6', args: ipv6, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'BIRD 2: bird6-ready from the one socket', args: bird6OnBird2, nodenameAge: WINDOW_OPEN, status: 'fail', needs: ['bird2'] },
    // bird-ready judges the IPv4 peers of a BIRD 2 daemon: an IPv6 peer is not its business.
    { name: 'BIRD 2: bird-ready', args: onBird2, nodenameAge: WINDOW_OPEN, status: 'pass', needs: ['bird2'] },
    {
      name: 'BIRD 3: bird6-ready from the one socket',
      args: bird6ReadyOnBird3,
      nodenameAge: WINDOW_OPEN,
      status: 'fail',
      needs: ['bird3'],
    },
    { name: 'BIRD 3: ready, both families', args: readyOnBird3, nodenameAge: WINDOW_OPEN, status: 'fail', needs: ['bird3'] },
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

// ---- BIRD 3 (one daemon for both families, timeformat protocol "%F") ----------------------------

export const BIRD3_PEER_DOWN: Scenario = {
  name: 'BIRD 3: peer Mesh_10_0_0_3 down',
  needs: ['bird3'],
  ...stoppedPeer('Mesh_10_0_0_3', ['bird', 'bird2', 'bird3']),
  probes: [
    { name: 'BIRD 3: ready inside the strict window', args: readyOnBird3, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'BIRD 3: ready after the strict window', args: readyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'warn' },
    { name: 'BIRD 3: bird6-ready (IPv6 peers all up)', args: bird6ReadyOnBird3, nodenameAge: WINDOW_OPEN, status: 'pass' },
  ],
};

// The node connects to this one (not passive): a refused connection leaves it Active.
export const BIRD3_ACTIVE_PEER: Scenario = {
  name: 'BIRD 3: peer Node_10_0_0_6_port_1790 down (Active)',
  needs: ['bird3'],
  ...stoppedPeer('Node_10_0_0_6_port_1790', ['bird', 'bird2', 'bird3']),
  probes: [
    { name: 'BIRD 3: bird-ready inside the strict window', args: birdReadyOnBird3, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'BIRD 3: bird-ready after the strict window', args: birdReadyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'warn' },
  ],
};

export const BIRD3_DISABLED_PEER: Scenario = {
  name: 'BIRD 3: peer Node_10_0_0_6_port_1790 disabled',
  needs: ['bird3'],
  async setup(rig) {
    await rig.harness.birdctl(bird3(rig).socket, 'disable Node_10_0_0_6_port_1790');
    await rig.harness.waitFor(bird3(rig).socket, (raw) => /Node_10_0_0_6_port_1790\s+BGP\s+\S+\s+down/.test(raw));
  },
  async teardown(rig) {
    await rig.harness.birdctl(bird3(rig).socket, 'enable Node_10_0_0_6_port_1790');
    await rig.harness.waitEstablished(bird3(rig).socket);
  },
  probes: [{ name: 'BIRD 3: bird-ready warns about the disabled peer', args: birdReadyOnBird3, nodenameAge: WINDOW_OPEN, status: 'warn' }],
};

export const BIRD3_NO_PEERS: Scenario = {
  name: 'BIRD 3: no BGP peers configured',
  needs: ['bird3'],
  setup: (rig) => rig.harness.configureNoPeers('bird3'),
  teardown: (rig) => rig.harness.restoreConfig('bird3'),
  probes: [{ name: 'BIRD 3: ready', args: readyOnBird3, nodenameAge: WINDOW_OPEN, status: 'pass' }],
};

export const BIRD3_STALE_SOCKET: Scenario = {
  name: 'BIRD 3 killed: stale socket',
  needs: ['bird3'],
  setup: (rig) => bird3(rig).kill('SIGKILL'),
  teardown: (rig) => bird3(rig).start(),
  probes: [
    { name: 'BIRD 3: bird-ready', args: birdReadyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'fail' },
    { name: 'BIRD 3: bird6-ready', args: bird6ReadyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'fail' },
  ],
};

export const BIRD3_ABSENT_SOCKET: Scenario = {
  name: 'BIRD 3 stopped: no socket',
  needs: ['bird3'],
  setup: (rig) => bird3(rig).kill('SIGTERM'),
  teardown: (rig) => bird3(rig).start(),
  probes: [{ name: 'BIRD 3: ready', args: readyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'fail' }],
};

export const BIRD3_GR_RECOVERY: Scenario = {
  name: 'BIRD 3: graceful-restart recovery',
  needs: ['bird3'],
  async setup(rig) {
    await bird3(rig).restartWithGr('Local_Workload_10_0_0_9');
    await rig.harness.waitEstablished(bird3(rig).socket, CALICO_BIRD3_PEERS);
  },
  async teardown(rig) {
    await bird3(rig)
      .start()
      .catch(() => {});
    await rig.harness.peer('Local_Workload_10_0_0_9').start();
    await rig.harness.waitGrRecoveryOver(bird3(rig).socket, 30_000);
    await rig.harness.waitEstablished(bird3(rig).socket);
    await rig.harness.waitEstablished(rig.harness.bird.socket);
  },
  probes: [
    { name: 'BIRD 3: ready inside the strict window', args: readyOnBird3, nodenameAge: WINDOW_OPEN, status: 'fail' },
    { name: 'BIRD 3: ready after the strict window', args: readyOnBird3, nodenameAge: WINDOW_CLOSED, status: 'warn' },
  ],
};

export const BIRD3_SCENARIOS: readonly Scenario[] = [
  BIRD3_PEER_DOWN,
  BIRD3_ACTIVE_PEER,
  BIRD3_DISABLED_PEER,
  BIRD3_NO_PEERS,
  BIRD3_STALE_SOCKET,
  BIRD3_ABSENT_SOCKET,
  BIRD3_GR_RECOVERY,
];

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
  ...BIRD3_SCENARIOS,
];
