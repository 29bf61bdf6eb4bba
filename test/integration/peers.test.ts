// `calico-probe peers` against real BIRD 1.6 (bird, bird6) and BIRD 2: every Calico peer with
// its address, port, type, AS, states and info, in each scenario, as text and as JSON. The BIRD 2
// parts skip (fail under CI) without BIRD 2; the BIRD 1.6 parts run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PEERS, type NodeKind } from '../support/harness/index.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

interface JsonPeer {
  name: string;
  address: string;
  port: number;
  family: string;
  type: string;
  as: number;
  state: string;
  bgpState: string;
  info: string;
  gracefulRestart: boolean;
  condition: string;
}
interface JsonDaemon {
  name: string;
  status: string;
  message: string;
  version: string;
  established: number;
  calicoPeers: number;
  grRecovery: boolean | null;
  grRecoveryLines: string[];
  peers: JsonPeer[];
}

const sockets = (r: Rig, bird = r.harness.bird.socket) => ['--bird-socket', bird, '--bird6-socket', r.harness.bird6.socket];

async function peersJson(args: string[]): Promise<{ code: number | null; daemons: JsonDaemon[] }> {
  const run = await runCli(['peers', '-o', 'json', ...args]);
  assert.equal(run.stderr, '');
  return { code: run.code, daemons: JSON.parse(run.stdout).daemons };
}

/** The Calico peers the harness configured on a node daemon, as peers must report them. */
function expectedPeers(kind: NodeKind) {
  return PEERS.filter((p) => p.nodes.includes(kind) && !p.name.startsWith('Local_')).map((p) => ({
    name: p.name,
    address: p.address,
    port: p.port,
    family: p.family,
    type: p.name.split('_')[0]?.toLowerCase(),
    as: 64512,
  }));
}
const shape = (p: JsonPeer) => ({ name: p.name, address: p.address, port: p.port, family: p.family, type: p.type, as: p.as });

describe('peers against real BIRD', { concurrency: false }, () => {
  test('all Established: bird and bird6 tables (BIRD 1.6), exit 0', async (t) => {
    if (!requireRig(t, rig)) return;
    const { code, daemons } = await peersJson(sockets(rig));
    assert.equal(code, 0);
    const [bird, bird6] = daemons;
    assert.deepEqual(bird?.peers.filter((p) => p.type !== 'other').map(shape), expectedPeers('bird'));
    assert.deepEqual(bird6?.peers.map(shape), expectedPeers('bird6'));
    assert.equal(bird?.peers.find((p) => p.name === 'Local_Workload_10_0_0_9')?.type, 'other');
    for (const d of [bird, bird6]) {
      assert.equal(d?.status, 'pass');
      assert.equal(d?.established, 5);
      assert.ok(
        d?.peers.every((p) => p.bgpState === 'Established' && p.condition === 'established' && p.state === 'up' && !p.gracefulRestart),
      );
    }
    const text = await runCli(['peers', ...sockets(rig)]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^bird: 5\/5 established, graceful-restart recovery: no \(BIRD 1\.6\.8, /m);
    assert.match(text.stdout, /^bird6: 5\/5 established, graceful-restart recovery: no /m);
    assert.match(text.stdout, /^Node_10_0_0_6_port_1790 +10\.0\.0\.6 +1790 +node +64512 +up +Established /m);
    assert.match(text.stdout, /^Node_fd00__6_port_1790 +fd00::6 +1790 +node +64512 +up +Established /m);
    assert.doesNotMatch(text.stdout, /\u001b/, 'no colour when stdout is not a TTY');
  });

  test('BIRD 2: one table with both families, the port from Neighbor port', async (t) => {
    if (!requireRig(t, rig, 'bird2')) return;
    const { code, daemons } = await peersJson(['--bird-socket', rig.harness.bird2.socket, '--family', 'ipv4']);
    assert.equal(code, 0);
    assert.equal(daemons.length, 1);
    assert.match(daemons[0]?.version ?? '', /^2\./);
    assert.deepEqual(daemons[0]?.peers.map(shape), expectedPeers('bird2'));
  });

  test('peers stopped: Active / Passive with the last error, counted as not established; still exit 0', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    const stopped = ['Node_10_0_0_4', 'Mesh_10_0_0_2', 'Mesh_fd00__3'];
    await Promise.all(stopped.map((name) => h.peer(name).stop()));
    t.after(async () => {
      await Promise.all(stopped.map((name) => h.peer(name).start()));
      await Promise.all(h.socketsOf('bird', 'bird6', 'bird2').map((s) => h.waitEstablished(s)));
    });
    const down = (name: string) => (raw: string) => new RegExp(`${name}\\s+BGP\\s+\\S+\\s+start`).test(raw);
    await h.waitFor(h.bird.socket, (raw) => down('Node_10_0_0_4')(raw) && down('Mesh_10_0_0_2')(raw));
    await h.waitFor(h.bird6.socket, down('Mesh_fd00__3'));

    const { code, daemons } = await peersJson(sockets(rig));
    assert.equal(code, 0, 'every daemon answered');
    const [bird, bird6] = daemons;
    const node4 = bird?.peers.find((p) => p.name === 'Node_10_0_0_4');
    assert.equal(node4?.state, 'start');
    assert.notEqual(node4?.condition, 'established');
    assert.match(node4?.info ?? '', /Administrative shutdown|Connection refused/);
    assert.equal(bird?.peers.find((p) => p.name === 'Mesh_10_0_0_2')?.bgpState, 'Passive', 'the node is passive towards mesh peers');
    assert.equal(bird?.established, 3);
    assert.equal(bird6?.peers.find((p) => p.name === 'Mesh_fd00__3')?.bgpState, 'Passive');
    assert.equal(bird6?.established, 4);

    const text = await runCli(['peers', ...sockets(rig)]);
    assert.match(text.stdout, /^bird: 3\/5 established, /m);
    assert.match(
      text.stdout,
      /^Node_10_0_0_4 +10\.0\.0\.4 +179 +node +64512 +start +\w+ +\S+ +no +(Received: Administrative shutdown|Socket: Connection refused)$/m,
    );

    await t.test('the BIRD 2 daemon counts them in its one table', async (st) => {
      if (!requireRig(st, rig, 'bird2')) return;
      const socket = rig.harness.bird2.socket;
      await h.waitFor(socket, (raw) => down('Mesh_10_0_0_2')(raw) && down('Mesh_fd00__3')(raw));
      const two = await peersJson(['--bird-socket', socket, '--family', 'ipv4']);
      assert.equal(two.daemons[0]?.established, 3);
      assert.deepEqual(
        two.daemons[0]?.peers
          .filter((p) => p.condition !== 'established')
          .map((p) => p.name)
          .sort(),
        ['Mesh_10_0_0_2', 'Mesh_fd00__3'],
      );
    });
  });

  test("a peer's graceful restart (SIGKILLed peer): Neighbor graceful restart active, transitional", async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    const peer = h.peer('Node_10_0_0_4');
    await peer.kill();
    t.after(async () => {
      await peer.start();
      await h.waitEstablished(h.bird.socket);
    });
    let node4: JsonPeer | undefined;
    for (let i = 0; i < 50 && !node4?.gracefulRestart; i++) {
      node4 = (await peersJson(sockets(rig))).daemons[0]?.peers.find((p) => p.name === 'Node_10_0_0_4');
      if (!node4?.gracefulRestart) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(node4?.gracefulRestart, true);
    assert.equal(node4?.condition, 'transitional');
    const text = await runCli(['peers', ...sockets(rig)]);
    assert.match(text.stdout, /^Node_10_0_0_4 .* yes +\S.*$/m);
  });

  test('local graceful-restart recovery shows in the summary line', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    await h.restartNodeBirdWithGr('bird', 'Local_Workload_10_0_0_9');
    t.after(async () => {
      await h.peer('Local_Workload_10_0_0_9').start();
      await h.waitGrRecoveryOver(h.bird.socket);
      await h.waitEstablished(h.bird.socket);
    });
    const { daemons } = await peersJson(sockets(rig));
    assert.equal(daemons[0]?.grRecovery, true, 'a boolean, as in bird-ready');
    assert.equal(daemons[0]?.grRecoveryLines[0], 'Graceful restart recovery in progress');
    const text = await runCli(['peers', ...sockets(rig)]);
    assert.match(
      text.stdout,
      /^bird: \d\/5 established, graceful-restart recovery: yes \(Waiting for \d+ protocols to recover, Wait timer is \d+\/240\)/m,
    );
  });

  test('a daemon that cannot be queried: its error, the other daemon still shown, exit 1', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    await h.killNodeBird('bird', 'SIGKILL');
    t.after(async () => {
      await h.svUp('bird');
      await h.waitEstablished(h.bird.socket);
      await h.waitGrRecoveryOver(h.bird.socket);
    });
    const text = await runCli(['peers', ...sockets(rig)]);
    assert.equal(text.code, 1);
    assert.ok(text.stdout.includes(`bird: not answering: cannot connect to BIRD socket ${h.bird.socket}: connection refused`), text.stdout);
    assert.match(text.stdout, /^bird6: 5\/5 established/m);
    const { code, daemons } = await peersJson(sockets(rig));
    assert.deepEqual([code, daemons[0]?.status, daemons[1]?.status], [1, 'fail', 'pass']);
  });

  test('no bird6 socket: one BIRD 2 daemon is one table for both families; with BIRD 1.6 the missing socket is named', async (t) => {
    if (!requireRig(t, rig)) return;
    const missing = `${rig.harness.dir}/no-bird6.ctl`;
    await t.test('BIRD 2: one table', async (st) => {
      if (!requireRig(st, rig, 'bird2')) return;
      for (const family of ['auto', 'dual']) {
        const run = await runCli(['peers', '--family', family, '--bird-socket', rig.harness.bird2.socket, '--bird6-socket', missing]);
        assert.equal(run.code, 0, run.stdout);
        assert.match(run.stdout, /^bird \(BIRD 2, IPv4 and IPv6\): \d+\/\d+ established/m);
        assert.doesNotMatch(run.stdout, /^bird6/m, 'the same table is not shown twice');
      }
    });
    const auto = await runCli(['peers', '--bird-socket', rig.harness.bird.socket, '--bird6-socket', missing]);
    assert.equal(auto.code, 0, auto.stdout);
    assert.ok(auto.stdout.includes(`bird6: skipped: no socket at ${missing}`), auto.stdout);
    const dual = await runCli(['peers', '--family', 'dual', '--bird-socket', rig.harness.bird.socket, '--bird6-socket', missing]);
    assert.equal(dual.code, 1);
    assert.match(dual.stdout, /^bird6: not answering: cannot connect to BIRD socket .*no such file/m);
    const v6only = await runCli(['peers', ...sockets(rig)], { env: { IP: 'none', IP6: 'autodetect' } });
    assert.doesNotMatch(v6only.stdout, /^bird:/m);
    assert.match(v6only.stdout, /^bird6: 5\/5/m);
  });
});
