// The core scenarios of issue 2, against real BIRD 1.6 (bird, bird6), BIRD 2 and runit:
// each asserts the exit code and the first line README specifies (Exit status, Readiness rule),
// in calico-node's wording.
// The rig states come from test/support/scenarios.ts, which the monitoring test shares.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.ts';
import { needBird2, requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import {
  ABSENT_SOCKET,
  CONFD_DOWN,
  FELIX_NOT_READY,
  GR_RECOVERY,
  IPV6_PEER_DOWN,
  NO_PEERS,
  PEER_DOWN,
  STALE_SOCKET,
  WINDOW_CLOSED,
  WINDOW_OPEN,
  type Scenario,
} from '../support/scenarios.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

/** Puts the rig into the scenario's state until the end of the test. */
async function enter(t: TestContext, rig: Rig, scenario: Scenario): Promise<void> {
  t.after(() => scenario.teardown(rig)); // first, so a set-up that fails half-way is undone too
  await scenario.setup(rig);
}

describe('ready against real BIRD', { concurrency: false }, () => {
  test('all peers established: ready', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const run = await runCli(['ready', ...rig.args]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(run.firstLine, 'calico/node is ready');
    assert.match(run.stdout, /^bird-ready +pass +BGP established with (\d+) of \1 peers$/m);
  });

  test('drop-in calico-node flags behave like the check form', async (t) => {
    if (!requireRig(t, rig)) return;
    const dropIn = await runCli(['-felix-ready', '-bird-ready', '-threshold-time=30s', ...rig.args]);
    const check = await runCli(['check', 'felix-ready', 'bird-ready', '--threshold-time', '30s', ...rig.args]);
    assert.equal(dropIn.code, 0);
    assert.equal(dropIn.stdout, check.stdout);
    const live = await runCli(['-felix-live', '-bird-live', ...rig.args]);
    assert.equal(live.code, 0, live.stdout);
    assert.equal(live.firstLine, 'calico/node is live');
  });

  test('JSON output carries every peer', async (t) => {
    if (!requireRig(t, rig)) return;
    const run = await runCli(['ready', '-o', 'json', ...rig.args]);
    assert.equal(run.code, 0);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.status, 'pass');
    const bird = doc.checks.find((c: { name: string }) => c.name === 'bird-ready');
    const port = bird.details.peers.find((p: { name: string }) => p.name === 'Node_10_0_0_6_port_1790');
    assert.deepEqual([port.address, port.port, port.type, port.family, port.bgpState], ['10.0.0.6', 1790, 'node', 'ipv4', 'Established']);
    assert.equal(bird.details.established, bird.details.peers.length);
    assert.equal(doc.checks.find((c: { name: string }) => c.name === 'felix-ready').details.httpStatus, 200);
  });

  test('one peer down inside the strict window: not ready, naming the peer', async (t) => {
    if (!requireRig(t, rig)) return;
    await enter(t, rig, PEER_DOWN);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const inside = await runCli(['ready', ...rig.args]);
    assert.equal(inside.code, 1, inside.stdout);
    assert.equal(inside.firstLine, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4');

    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const afterWindow = await runCli(['ready', ...rig.args]);
    assert.equal(afterWindow.code, 0, afterWindow.stdout);
    assert.equal(afterWindow.firstLine, 'calico/node is ready (1 warning: bird-ready: BGP not established with 10.0.0.4)');
  });

  test('no BGP peers configured: ready', async (t) => {
    if (!requireRig(t, rig)) return;
    await enter(t, rig, NO_PEERS);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const run = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.firstLine, 'calico/node is ready');
    assert.match(run.stdout, /no Calico BGP peers configured/);
  });

  test('stale socket (BIRD killed) and no socket (BIRD stopped) name the path and the cause', async (t) => {
    if (!requireRig(t, rig)) return;
    const socket = rig.harness.bird.socket;
    const r = rig;
    t.after(() => ABSENT_SOCKET.teardown(r)); // brings BIRD back however far the test got
    await STALE_SOCKET.setup(rig);
    const stale = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(stale.code, 1);
    assert.ok(
      stale.firstLine.startsWith('calico/node is not ready: BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: '),
      stale.firstLine,
    );
    assert.ok(stale.firstLine.includes(socket) && /refused/i.test(stale.firstLine), stale.firstLine);
    const live = await runCli(['check', 'bird-live', ...rig.args]);
    assert.equal(live.code, 1);
    assert.match(live.firstLine, /^calico\/node is not ready: bird\/confd is not live: service bird is not running\. Output << down: /);
    assert.ok(live.firstLine.includes(`bird is not live: `), 'the socket failure is reported too');

    await STALE_SOCKET.teardown(rig);
    await ABSENT_SOCKET.setup(rig);
    const absent = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(absent.code, 1);
    assert.ok(absent.firstLine.includes(socket) && /no such file/i.test(absent.firstLine), absent.firstLine);
    assert.ok(!absent.firstLine.includes('/var/run/bird/'), 'never the fallback path');
  });

  test('graceful-restart recovery: not ready inside the window, a warning after it', async (t) => {
    if (!requireRig(t, rig)) return;
    await enter(t, rig, GR_RECOVERY);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const inside = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(inside.code, 1, inside.stdout);
    assert.equal(inside.firstLine, 'calico/node is not ready: BIRD is not ready: graceful restart in progress');
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const outside = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(outside.code, 0, outside.stdout);
    assert.equal(
      outside.firstLine,
      'calico/node is ready (1 warning: bird-ready: graceful restart in progress (BIRD still defers route exports))',
    );
  });

  test('runit service down: bird-live fails with the sv-style status line', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    await enter(t, rig, CONFD_DOWN);
    const run = await runCli(['live', ...rig.args]);
    assert.equal(run.code, 1);
    assert.match(
      run.firstLine,
      /^calico\/node is not ready: bird\/confd is not live: service confd is not running\. Output << down: \S+confd: \d+s, normally up >>$/,
    );
  });

  test('Felix 503 names the reporters that are not ready, and BIRD is still reported', async (t) => {
    if (!requireRig(t, rig)) return;
    await enter(t, rig, FELIX_NOT_READY);
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const run = await runCli(['ready', ...rig.args]);
    assert.equal(run.code, 1);
    assert.equal(
      run.firstLine,
      'calico/node is not ready: felix is not ready: readiness probe reporting 503 (InternalDataplaneMainLoop timed out)',
    );
    assert.match(run.stdout, /^bird-ready +pass/m);
  });

  test('BIRD 2: one table for both families', async (t) => {
    if (!requireRig(t, rig)) return;
    const bird2Socket = needBird2(t, rig);
    if (bird2Socket === undefined) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const run = await runCli(['check', 'bird-ready', '-o', 'json', ...rig.args, '--bird-socket', bird2Socket]);
    assert.equal(run.code, 0, run.stdout);
    const peers = JSON.parse(run.stdout).checks[0].details.peers as Array<{ family: string; bgpState: string }>;
    assert.ok(peers.some((p) => p.family === 'ipv4') && peers.some((p) => p.family === 'ipv6'));
    assert.ok(peers.every((p) => p.bgpState === 'Established'));
  });

  test('IPv6: bird6-ready and --family ipv6', async (t) => {
    if (!requireRig(t, rig)) return;
    const run = await runCli(['ready', '--family', 'ipv6', ...rig.args]);
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^bird6-ready +pass/m);
    assert.doesNotMatch(run.stdout, /^bird-ready/m);
    const auto = await runCli(['ready', ...rig.args], { env: { IP: 'none', IP6: 'autodetect' } });
    assert.match(auto.stdout, /^bird6-ready +pass/m);
  });

  test('an IPv6 peer down: BIRD6 and the BIRD 2 daemon both name it', async (t) => {
    if (!requireRig(t, rig)) return;
    await enter(t, rig, IPV6_PEER_DOWN);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const bird6 = await runCli(['ready', '--family', 'ipv6', ...rig.args]);
    assert.equal(bird6.code, 1, bird6.stdout);
    assert.equal(bird6.firstLine, 'calico/node is not ready: BIRD6 is not ready: BGP not established with fd00::3');
    const bird2Socket = needBird2(t, rig);
    if (bird2Socket === undefined) return;
    const bird2 = await runCli(['check', 'bird-ready', ...rig.args, '--bird-socket', bird2Socket]);
    assert.equal(bird2.code, 1, bird2.stdout);
    assert.equal(bird2.firstLine, 'calico/node is not ready: BIRD is not ready: BGP not established with fd00::3');
  });

  test('a usage error exits 2 and probes nothing', async (t) => {
    if (!requireRig(t, rig)) return;
    const requestsBefore = rig.felix.requests;
    const run = await runCli(['ready', '--timeout', 'soon', ...rig.args]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /invalid value "soon" for --timeout/);
    assert.equal(rig.felix.requests, requestsBefore, 'Felix was not asked');
  });
});

describe('deadline', () => {
  test('a stalled BIRD socket hits --timeout and is named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-stall-'));
    const socket = join(dir, 'bird.ctl');
    const server = net.createServer(() => {
      /* accept and never write */
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const run = await runCli(['check', 'bird-ready', '--bird-socket', socket, '--nodename-file', socket, '--timeout', '1s']);
      assert.equal(run.code, 1);
      assert.ok(run.wallMs < 1000 + 250, `took ${run.wallMs} ms`);
      assert.ok(run.firstLine.startsWith('calico/node is not ready: BIRD is not ready: '), run.firstLine);
      assert.ok(run.firstLine.includes(socket), run.firstLine);
      assert.match(run.firstLine, /deadline/);
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a Felix endpoint that never answers hits --timeout and is named', async () => {
    const server = http.createServer(() => {
      /* never respond */
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const run = await runCli(['check', 'felix-ready', '--felix-url', `http://127.0.0.1:${port}`, '--timeout', '1s']);
      assert.equal(run.code, 1);
      assert.ok(run.wallMs < 1000 + 250, `took ${run.wallMs} ms`);
      assert.equal(
        run.firstLine,
        `calico/node is not ready: felix is not ready: GET http://127.0.0.1:${port}/readiness: no response headers within the deadline`,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
