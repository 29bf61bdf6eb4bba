// `calico-probe cluster` against a real Prometheus scraping a real `serve` per lab BIRD daemon
// (BIRD 1.6 and 2; BIRD 3 daemons join through the harness's PEERS table). Each scenario polls
// the command until its finding shows, with a generous bound: Prometheus scrapes every second,
// serve probes every second, and a busy machine may be slower. Without BIRD 2 or BIRD 3 the lab
// has no node2 or node3 and the rest runs; the tests that count on three nodes watching the
// same peer (the matrix, the suspect) skip, or fail under CI.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, type TestContext, test } from 'node:test';
import { type ClusterLab, peerNodeName, startClusterLab } from '../support/cluster-lab.ts';
import { which } from '../support/harness/paths.ts';
import { pollUntil } from '../support/harness/poll.ts';
import { requireRig, skipReason, startRig, stopRig, type Rig } from '../support/integration.ts';
import { prometheusSkipReason, requirePrometheus } from '../support/prometheus-server.ts';
import { type CliRun, runCli } from '../support/run-cli.ts';
import { need } from '../support/needs.ts';
import { openTerminal, tmuxMissing } from '../support/tmux.ts';

const BOUND_MS = Number(process.env.CLUSTER_TEST_BOUND_MS ?? 90_000);

let rig: Rig | undefined;
let lab: ClusterLab | undefined;

before(async () => {
  if (skipReason() !== undefined || prometheusSkipReason() !== undefined) return;
  rig = await startRig();
  // Past the strict start-up window: a node with one peer down stays ready, as in a running cluster.
  await rig?.harness.setNodenameAge(120);
  if (rig) lab = await startClusterLab(rig);
});

after(async () => {
  await lab?.stop();
  await stopRig(rig);
});

interface Json {
  healthy: boolean;
  summary: { nodes: number; ready: number; stale: number; notReady: number };
  nodes: Array<{ node: string; state: string; noBird: boolean }>;
  down: Array<{ address: string; owner: { node: string } | null; seenDownBy: Array<{ node: string }> }>;
  suspects: Array<{ address: string; owner: { node: string } | null; down: number; observers: number }>;
  asymmetric: Array<{ node: { node: string }; other: { node: string }; downAddress: string; upAddress: string }>;
  flapping: Array<{ node: { node: string }; address: string; transitions: number }>;
}

function cluster(...args: string[]): Promise<CliRun> {
  return runCli(['cluster', '--prometheus', (lab as ClusterLab).prometheus.url, ...args]);
}

/** Runs `cluster -o json` until `done` holds; returns that run and its document. */
async function untilJson(
  what: string,
  done: (doc: Json, run: CliRun) => boolean,
  extra: string[] = [],
): Promise<{ run: CliRun; doc: Json }> {
  let last = '';
  return pollUntil(
    async () => {
      const run = await cluster('-o', 'json', ...extra);
      last = `exit ${run.code}\n${run.stdout}${run.stderr}`;
      if (run.code !== 0 && run.code !== 1) return undefined;
      const doc = JSON.parse(run.stdout) as Json;
      return done(doc, run) ? { run, doc } : undefined;
    },
    { timeoutMs: BOUND_MS, intervalMs: 500, what, describe: () => last },
  );
}

function usable(t: TestContext): boolean {
  return requirePrometheus(t);
}

describe('cluster, against a real Prometheus and the lab', { concurrency: false }, () => {
  test('all healthy: every node ready, exit 0, text and JSON', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const total = (lab as ClusterLab).nodes.length;
    const { doc } = await untilJson('every node ready', (d, run) => run.code === 0 && d.summary.ready === total);
    assert.equal(doc.healthy, true);
    assert.deepEqual(doc.down, []);
    const text = await cluster();
    assert.equal(text.code, 0, text.stdout + text.stderr);
    assert.match(text.stdout, new RegExp(`^${total}/${total} nodes ready$`, 'm'));
    assert.doesNotMatch(text.stdout, /Sessions \(row/, 'no matrix in a pipe');
  });

  test("every serve's /metrics names its node and peers' addresses, and promtool accepts it", async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    for (const node of (lab as ClusterLab).nodes) {
      const page = await (await fetch(`${node.serve?.base}/metrics`)).text();
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: page, encoding: 'utf8' });
      assert.equal(lint.status, 0, `${node.name}: ${lint.stdout}${lint.stderr}`);
      assert.match(
        page,
        new RegExp(
          `^calico_probe_node_info\\{node="${node.name}",router_id="${node.routerId.replaceAll('.', '\\.')}",bird_version="[^"]+"\\} 1$`,
          'm',
        ),
        node.name,
      );
      assert.match(
        page,
        /^calico_probe_bgp_peer_established\{peer="\w+",address="[0-9a-f.:]+",type="(mesh|node|global)",family="ipv[46]"\} 1$/m,
        node.name,
      );
      assert.match(
        page,
        /^calico_probe_bgp_peer_transitions_total\{peer="\w+",address="[0-9a-f.:]+",type="\w+",family="ipv[46]"\} \d+$/m,
        node.name,
      );
    }
  });

  test('the matrix: drawn in a real terminal (tmux), not in a pipe', async (t) => {
    if (!requireRig(t, rig, 'bird2', 'bird3') || !usable(t)) return;
    if (!need(t, tmuxMissing())) return;
    const cli = which('node') === undefined ? process.execPath : process.execPath;
    const term = openTerminal(
      `'${cli}' '${new URL('../../bin/calico-probe.js', import.meta.url).pathname}' cluster`,
      { width: 120, height: 50 },
      {
        PROMETHEUS_URL: (lab as ClusterLab).prometheus.url,
      },
    );
    try {
      const screen = await term.waitFor(/__EXIT__ \d+/, { timeoutMs: 30_000 });
      assert.match(screen, /__EXIT__ 0/, screen);
      assert.match(screen, /Sessions \(row: the node that sees it/, screen);
      // node, node2 and node3 have no session to each other (columns 1-3); peer-m2 (router id
      // 10.0.0.2) sees all three Established.
      assert.match(screen, /^ *1 node +- · · ● /m, screen);
      assert.match(screen, /^ *6 peer-m2 +● ● ● · · - /m, screen);
      assert.match(screen, /● Established {2}✗ not Established {2}· no session/);
      const coloured = term.capture({ escapes: true });
      assert.match(coloured, /\x1b\[32m●/, 'Established is green');
    } finally {
      term.stop();
    }
  });

  test("one node's BIRD stopped: named as the suspect, by address and name", async (t) => {
    if (!requireRig(t, rig, 'bird2', 'bird3') || !usable(t)) return;
    const h = rig.harness;
    const peer = h.peer('Mesh_10_0_0_2');
    await peer.stop();
    t.after(async () => {
      await peer.start();
      await Promise.all([h.bird, h.bird2, h.bird3].map((d) => h.waitEstablished(d.socket)));
    });
    const name = peerNodeName('m2');
    const { run, doc } = await untilJson(
      '10.0.0.2 named as the suspect by node, node2 and node3, its own node without a BIRD answer',
      // All three peers must have seen it go: two of three already make it a suspect.
      (d) => d.suspects.some((s) => s.address === '10.0.0.2' && s.down === 3) && d.nodes.some((n) => n.node === name && n.noBird),
    );
    assert.equal(run.code, 1);
    const suspect = doc.suspects.find((s) => s.address === '10.0.0.2');
    assert.equal(suspect?.owner?.node, name);
    assert.deepEqual(suspect && [suspect.down, suspect.observers], [3, 3]);
    assert.ok(
      doc.nodes.some((n) => n.node === name && n.noBird),
      `${name} has no BIRD answer`,
    );
    const text = await cluster();
    assert.equal(text.code, 1);
    assert.match(text.stdout, new RegExp(`^${name} +not ready: bird-ready failing; no BIRD answer$`, 'm'));
    assert.match(text.stdout, /^ {2}10\.0\.0\.2, peer-m2: down from 3 of 3 nodes: node, node2, node3$/m);
    assert.match(text.stdout, /^ {2}peer-m2 \(10\.0\.0\.2\): 3 of its 3 peers see it down$/m);
  });

  test('a node shutting down (its marker written) whose BIRD stopped: expected, exit 0', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const h = (rig as Rig).harness;
    const l = lab as ClusterLab;
    const name = peerNodeName('m3');
    const peer = h.peer('Mesh_10_0_0_3');
    // node, and node2 and node3 where the harness runs them.
    const observers = h.socketsOf('bird', 'bird2', 'bird3');
    await l.markShuttingDown(name);
    await peer.stop();
    t.after(async () => {
      await l.clearShuttingDown(name);
      await peer.start();
      await Promise.all(observers.map((s) => h.waitEstablished(s)));
      await untilJson('every node ready again', (d, run) => run.code === 0 && d.summary.ready === l.nodes.length);
    });
    // Its peers see 10.0.0.3 down, and it says it is shutting down: listed, but excused.
    const { run, doc } = await untilJson(
      `${name} expected, 10.0.0.3 seen down by all ${observers.length} node daemons`,
      (d) =>
        d.nodes.some((n) => n.node === name && n.state === 'expected') &&
        d.down.some((x) => x.address === '10.0.0.3' && x.seenDownBy.length === observers.length),
    );
    assert.equal(run.code, 0, 'sessions to a node that is shutting down are not unexpectedly down');
    assert.equal(doc.healthy, true);
    assert.equal(doc.down.find((d) => d.address === '10.0.0.3')?.owner?.node, name);
    const text = await cluster();
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^${name} +expected: shutting-down; no BIRD answer$`, 'm'));
    assert.match(text.stdout, new RegExp(`^${l.nodes.length - 1}/${l.nodes.length} nodes ready, 1 expected, `, 'm'));
  });

  test('a peer flapped a few times: flapping', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const h = (rig as Rig).harness;
    const peer = h.peer('Node_10_0_0_4');
    t.after(async () => {
      await peer.start();
      await h.waitEstablished(h.bird.socket);
    });
    await untilJson('everything Established again', (d) => d.down.length === 0);
    for (let i = 0; i < 3; i++) {
      await peer.stop();
      await untilJson('node to report 10.0.0.4 down', (d) => d.down.some((x) => x.address === '10.0.0.4'));
      await peer.start();
      await h.waitEstablished(h.bird.socket);
      await untilJson('10.0.0.4 Established again', (d) => !d.down.some((x) => x.address === '10.0.0.4'));
    }
    const { doc } = await untilJson('node → 10.0.0.4 flapping', (d) =>
      d.flapping.some((f) => f.node.node === 'node' && f.address === '10.0.0.4'),
    );
    const flap = doc.flapping.find((f) => f.node.node === 'node' && f.address === '10.0.0.4');
    assert.ok((flap?.transitions ?? 0) >= 4, JSON.stringify(flap));
    const text = await cluster();
    assert.match(text.stdout, /^Flapping over 15m:$/m);
    assert.match(text.stdout, /^ {2}node → Node_10_0_0_4 \(10\.0\.0\.4, peer-n4\): \d+ state changes$/m);
  });

  test('one side of one session disabled: the asymmetric pair', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const h = (rig as Rig).harness;
    const ip = which('ip') ?? 'ip';
    const nodeNs = h.namespaces.find((n) => n.endsWith('-node'));
    assert.ok(nodeNs, 'the node netns');
    // The node's Cease never reaches 10.0.0.4, which keeps its side Established until its hold timer.
    execFileSync(ip, ['netns', 'exec', nodeNs, 'ip', 'route', 'add', 'blackhole', '10.0.0.4/32']);
    t.after(async () => {
      execFileSync(ip, ['netns', 'exec', nodeNs, 'ip', 'route', 'del', 'blackhole', '10.0.0.4/32']);
      await h.birdctl(h.bird.socket, 'enable Node_10_0_0_4');
      const peer = h.peer('Node_10_0_0_4');
      await peer.stop(); // its side still believes in the old session
      await peer.start();
      await h.waitEstablished(h.bird.socket);
    });
    await h.birdctl(h.bird.socket, 'disable Node_10_0_0_4');
    const { run, doc } = await untilJson('the asymmetric pair node / peer-n4', (d) =>
      d.asymmetric.some((p) => p.node.node === 'node' && p.other.node === 'peer-n4'),
    );
    assert.equal(run.code, 1);
    const pair = doc.asymmetric.find((p) => p.node.node === 'node');
    assert.deepEqual(pair && [pair.downAddress, pair.upAddress], ['10.0.0.4', '10.0.0.1']);
    const text = await cluster();
    assert.match(text.stdout, /^ {2}node sees peer-n4 \(10\.0\.0\.4\) down; peer-n4 sees node \(10\.0\.0\.1\) Established$/m);
  });

  test('a serve stopped: its node is stale', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const name = peerNodeName('g5');
    await (lab as ClusterLab).stopServe(name);
    const { run, doc } = await untilJson(`${name} stale`, (d) => d.nodes.some((n) => n.node === name && n.state === 'stale'), [
      '--stale-after',
      '5s',
    ]);
    assert.equal(run.code, 1);
    assert.equal(doc.summary.stale, 1);
    const text = await cluster('--stale-after', '5s');
    assert.equal(text.code, 1);
    assert.match(text.stdout, new RegExp(`^${name} +stale: no sample for more than 5s$`, 'm'));
    assert.match(text.stdout, /, 1 stale/);
  });

  test('Prometheus unreachable, or without calico-probe series: exit 3 with the reason', async (t) => {
    if (!requireRig(t, rig) || !usable(t)) return;
    const none = await cluster('--selector', '{job="nothing-here"}');
    assert.equal(none.code, 3);
    assert.match(none.stderr, /has no calico-probe series \(calico_probe_node_info\{job="nothing-here"\}/);
    const refused = await runCli(['cluster', '--prometheus', 'http://127.0.0.1:1']);
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /cannot reach Prometheus at http:\/\/127\.0\.0\.1:1: connection refused/);
  });
});
