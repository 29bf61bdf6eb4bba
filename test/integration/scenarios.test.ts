// The core scenarios against real BIRD 1.6 (bird, bird6), BIRD 2, BIRD 3 and runit: each asserts
// the exit code and the first line README specifies (Exit status, Readiness rule), in
// calico-node's wording.
// The rig states come from test/support/scenarios.ts, which the monitoring test shares.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/run-cli.ts';
import { requireRig, startRig, stopRig, type Rig, type RigWith } from '../support/integration.ts';
import {
  ABSENT_SOCKET,
  BIRD3_SCENARIOS,
  HEALTHY,
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
    // calico-node's words first (greps keep matching), then the 0024 detail of BIRD 1.6.
    assert.match(
      inside.firstLine,
      /^calico\/node is not ready: BIRD is not ready: graceful restart in progress \(wait timer \d+\/240 s, waiting for \d+ protocols\)$/,
    );
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const outside = await runCli(['check', 'bird-ready', ...rig.args]);
    assert.equal(outside.code, 0, outside.stdout);
    assert.match(
      outside.firstLine,
      /^calico\/node is ready \(1 warning: bird-ready: graceful restart in progress \(wait timer \d+\/240 s, waiting for \d+ protocols\) \(BIRD still defers route exports\)\)$/,
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

  test('BIRD 2: one daemon, one socket for both families; each check judges its own family', async (t) => {
    if (!requireRig(t, rig, 'bird2')) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const socket = rig.harness.bird2.socket;
    const run = await runCli([
      'ready',
      '--family',
      'dual',
      '-o',
      'json',
      ...rig.args,
      '--bird-socket',
      socket,
      '--bird6-socket',
      '/nonexistent/bird6.ctl',
    ]);
    assert.equal(run.code, 0, run.stdout);
    const checks = JSON.parse(run.stdout).checks as Array<{
      name: string;
      details: {
        socket: string;
        family: string;
        daemon: { generation: number; families: string[]; sharedSocket: boolean };
        peers: Array<{ family: string; bgpState: string }>;
      };
    }>;
    for (const [name, family] of [
      ['bird-ready', 'ipv4'],
      ['bird6-ready', 'ipv6'],
    ] as const) {
      const check = checks.find((c) => c.name === name);
      assert.ok(check, name);
      assert.equal(check.details.socket, socket);
      assert.equal(check.details.family, family);
      assert.deepEqual([check.details.daemon.generation, check.details.daemon.families], [2, ['ipv4', 'ipv6']]);
      assert.equal(check.details.daemon.sharedSocket, name === 'bird6-ready');
      assert.ok(check.details.peers.length > 0 && check.details.peers.every((p) => p.family === family && p.bgpState === 'Established'));
    }
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
    if (!requireRig(t, rig, 'bird2')) return;
    await enter(t, rig, IPV6_PEER_DOWN);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const bird6 = await runCli(['ready', '--family', 'ipv6', ...rig.args]);
    assert.equal(bird6.code, 1, bird6.stdout);
    assert.equal(bird6.firstLine, 'calico/node is not ready: BIRD6 is not ready: BGP not established with fd00::3');
    const one = ['--bird-socket', rig.harness.bird2.socket, '--bird6-socket', '/nonexistent/bird6.ctl'];
    const bird2 = await runCli(['check', 'bird6-ready', ...rig.args, ...one]);
    assert.equal(bird2.code, 1, bird2.stdout);
    assert.equal(bird2.firstLine, 'calico/node is not ready: BIRD6 is not ready: BGP not established with fd00::3');
    const v4 = await runCli(['check', 'bird-ready', ...rig.args, ...one]);
    assert.equal(v4.code, 0, `bird-ready judges the IPv4 peers only\n${v4.stdout}`);
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

// The same scenario table on BIRD 3, configured like Calico's BIRD 3 template (one daemon for both
// families, `timeformat protocol "%F"`), probed the way a BIRD 3 calico-node is: no bird6 socket.
describe('BIRD 3: the scenarios against a real BIRD 3.3.2 daemon', { concurrency: false }, () => {
  const EXIT = { pass: 0, warn: 0, fail: 1, unknown: 3 } as const;
  async function probeAll(scenario: Scenario, rig: RigWith<'bird3'>, only?: RegExp): Promise<void> {
    for (const probe of scenario.probes.filter((p) => only === undefined || only.test(p.name))) {
      await rig.harness.setNodenameAge(probe.nodenameAge);
      const run = await runCli([...probe.args(rig), '-o', 'json']);
      const doc = JSON.parse(run.stdout) as {
        status: string;
        checks: Array<{ name: string; details: { socket?: string; daemon?: { generation: number } } }>;
      };
      assert.equal(doc.status, probe.status, `${scenario.name}: ${probe.name}\n${run.stdout}`);
      assert.equal(run.code, EXIT[probe.status], `${scenario.name}: ${probe.name}`);
      for (const check of doc.checks.filter((c) => c.name.startsWith('bird'))) {
        assert.equal(check.details.socket, rig.harness.bird3.socket, `${probe.name}: ${check.name} asked the BIRD 3 socket`);
        if (check.details.daemon !== undefined) assert.equal(check.details.daemon.generation, 3);
      }
    }
  }

  test('all peers established: ready for both families from the one socket', async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    await probeAll(HEALTHY, rig, /^BIRD 3/);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const socket = rig.harness.bird3.socket;
    const run = await runCli([
      'ready',
      '--family',
      'dual',
      ...rig.args,
      '--bird-socket',
      socket,
      '--bird6-socket',
      '/nonexistent/bird6.ctl',
    ]);
    assert.equal(run.firstLine, 'calico/node is ready');
    assert.match(
      run.stdout,
      new RegExp(`^bird-ready +pass +BGP established with all 3 peers \\(IPv4 peers of the BIRD 3 daemon at ${socket}\\)$`, 'm'),
    );
    assert.match(
      run.stdout,
      new RegExp(`^bird6-ready +pass +BGP established with all 2 peers \\(IPv6 peers of the BIRD 3 daemon at ${socket}\\)$`, 'm'),
    );
  });

  test('an IPv6 peer down: bird6-ready on the one socket names it', async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    await enter(t, rig, IPV6_PEER_DOWN);
    await probeAll(IPV6_PEER_DOWN, rig, /^BIRD 3/);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const run = await runCli([
      'check',
      'bird6-ready',
      ...rig.args,
      '--bird-socket',
      rig.harness.bird3.socket,
      '--bird6-socket',
      '/nonexistent/bird6.ctl',
    ]);
    assert.equal(run.firstLine, 'calico/node is not ready: BIRD6 is not ready: BGP not established with fd00::3');
  });

  test('a peer down names its address and port, and its BGP state survives the date in the since column', async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    const scenario = BIRD3_SCENARIOS.find((s) => s.name.includes('(Active)')) as Scenario;
    await enter(t, rig, scenario);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const one = ['--bird-socket', rig.harness.bird3.socket, '--bird6-socket', '/nonexistent/bird6.ctl'];
    const run = await runCli(['check', 'bird-ready', '-o', 'json', ...rig.args, ...one]);
    const check = JSON.parse(run.stdout).checks[0] as {
      message: string;
      details: { peers: { name: string; bgpState: string; since: string }[] };
    };
    assert.equal(check.message, 'BIRD is not ready: BGP not established with 10.0.0.6:1790');
    const peer = check.details.peers.find((p) => p.name === 'Node_10_0_0_6_port_1790');
    assert.ok(peer && /^(Active|Connect|Idle)$/.test(peer.bgpState), JSON.stringify(peer));
    assert.match(peer.since, /^\d{4}-\d\d-\d\d$/, 'timeformat protocol "%F"');
  });

  for (const scenario of BIRD3_SCENARIOS) {
    test(scenario.name, async (t) => {
      if (!requireRig(t, rig, 'bird3', ...(scenario.needs ?? []))) return;
      await enter(t, rig, scenario);
      await probeAll(scenario, rig);
    });
  }

  test("graceful restart as helper: a SIGKILLed peer's routes kept, the peer transitional in one table", async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    const h = rig.harness;
    const peer = h.peer('Mesh_10_0_0_3');
    await peer.kill();
    t.after(async () => {
      await peer.start();
      for (const socket of h.socketsOf('bird', 'bird2', 'bird3')) await h.waitEstablished(socket);
    });
    const one = ['--bird-socket', h.bird3.socket, '--bird6-socket', '/nonexistent/bird6.ctl'];
    type Peer = { name: string; gracefulRestart: boolean; condition: string };
    let found: Peer | undefined;
    let tables = 0;
    for (let i = 0; i < 50 && !found?.gracefulRestart; i++) {
      const doc = JSON.parse((await runCli(['peers', '--family', 'dual', '-o', 'json', ...one])).stdout) as {
        daemons: { generation: number; peers: Peer[] }[];
      };
      tables = doc.daemons.length;
      found = doc.daemons[0]?.peers.find((p) => p.name === 'Mesh_10_0_0_3');
      if (!found?.gracefulRestart) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(tables, 1, 'one table for the one daemon');
    assert.equal(found?.gracefulRestart, true);
    assert.equal(found?.condition, 'transitional');
  });

  test('graceful-restart recovery: the wait timer and what it waits for, in message, JSON and Prometheus', async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    const scenario = BIRD3_SCENARIOS.find((s) => s.name.includes('graceful-restart')) as Scenario;
    await enter(t, rig, scenario);
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const args = [
      'check',
      'bird-ready',
      ...rig.args,
      '--bird-socket',
      rig.harness.bird3.socket,
      '--bird6-socket',
      '/nonexistent/bird6.ctl',
    ];
    const text = await runCli(args);
    assert.match(
      text.firstLine,
      /^calico\/node is not ready: BIRD is not ready: graceful restart in progress \(wait timer \d+(\.\d+)?\/240 s, waiting for \d+ channels\)$/,
    );
    const json = JSON.parse((await runCli([...args, '-o', 'json'])).stdout);
    const gr = json.checks[0].details.grWait;
    assert.equal(gr.limitSeconds, 240);
    assert.ok(
      gr.waitedSeconds >= 0 && gr.waitedSeconds <= 240 && gr.waitingFor > 0 && gr.waitingForUnit === 'channels',
      JSON.stringify(gr),
    );
    const prom = (await runCli([...args, '-o', 'prometheus'])).stdout;
    assert.match(prom, /^calico_probe_bird_gr_recovery_wait_limit_seconds\{check="bird-ready"\} 240$/m);
    assert.match(prom, /^calico_probe_bird_gr_recovery_wait_seconds\{check="bird-ready"\} \d/m);
    assert.match(prom, /^calico_probe_bird_gr_recovery_waiting_for\{check="bird-ready"\} [1-9]/m);
  });
});
