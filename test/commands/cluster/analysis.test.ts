// The cluster view's pure analysis, on hand-made Prometheus answers: who is unhealthy, which
// addresses are down and whose they are, suspects, asymmetric pairs, flapping, the matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, type ClusterSamples } from '../../../src/commands/cluster/analysis.ts';
import type { PromSample } from '../../../src/prometheus/client.ts';

const at = (node: string) => ({ instance: `${node}:9097`, job: 'calico-probe' });
const info = (node: string, routerId: string): PromSample => ({
  labels: { ...at(node), node, router_id: routerId, bird_version: '2.0.12' },
  value: 1,
});
const session = (node: string, address: string, up: boolean): PromSample => ({
  labels: { ...at(node), peer: `Mesh_${address.replaceAll('.', '_')}`, address, type: 'mesh', family: 'ipv4' },
  value: up ? 1 : 0,
});

const empty: ClusterSamples = {
  nodes: [],
  stale: [],
  noBird: [],
  failingChecks: [],
  expected: [],
  down: [],
  observersOfDown: [],
  flapping: [],
  ownersEstablished: [],
  allSessions: null,
};

// a, b, c, d in a full mesh; c's BIRD stopped: a, b and d see 10.0.0.3 down.
const mesh = ['a', 'b', 'c', 'd'].map((n, i) => [n, `10.0.0.${i + 1}`] as const);
const cDown: ClusterSamples = {
  ...empty,
  nodes: [...mesh.map(([n, ip]) => info(n, ip)), info('c', '')],
  noBird: [info('c', '')],
  failingChecks: [{ labels: { ...at('c'), check: 'bird-ready' }, value: 0 }],
  down: ['a', 'b', 'd'].map((n) => session(n, '10.0.0.3', false)),
  observersOfDown: [{ labels: { address: '10.0.0.3' }, value: 3 }],
};

test('healthy: every node ready, nothing down, exit-worthy nothing', () => {
  const view = analyse({ ...empty, nodes: mesh.map(([n, ip]) => info(n, ip)) });
  assert.deepEqual(view.summary, { nodes: 4, ready: 4, notReady: 0, expected: 0, stale: 0, noBird: 0 });
  assert.equal(view.healthy, true);
  assert.deepEqual(view.down, []);
});

test("a node's BIRD stopped: not ready, no BIRD answer, its address the suspect, owned by it", () => {
  const view = analyse(cDown);
  const c = view.nodes.find((s) => s.node.name === 'c');
  assert.deepEqual(c && [c.state, c.failing, c.noBird], ['not-ready', ['bird-ready'], true]);
  assert.equal(c?.node.routerId, '10.0.0.3', 'the older series keeps its router id');
  assert.equal(view.suspects.length, 1);
  assert.equal(view.suspects[0]?.owner?.name, 'c');
  assert.deepEqual(
    view.suspects[0]?.seenDownBy.map((n) => n.name),
    ['a', 'b', 'd'],
  );
  assert.equal(view.healthy, false);
});

test('one observer alone is not a suspect; under half is not either', () => {
  const one = analyse({
    ...empty,
    nodes: mesh.map(([n, ip]) => info(n, ip)),
    down: [session('a', '10.0.0.2', false)],
    observersOfDown: [{ labels: { address: '10.0.0.2' }, value: 3 }],
  });
  assert.equal(one.down.length, 1);
  assert.deepEqual(one.suspects, []);
  const half = analyse({
    ...empty,
    nodes: mesh.map(([n, ip]) => info(n, ip)),
    down: [session('a', '10.0.0.2', false), session('c', '10.0.0.2', false)],
    observersOfDown: [{ labels: { address: '10.0.0.2' }, value: 4 }],
  });
  assert.deepEqual(half.suspects, [], '2 of 4 is not most');
});

test('asymmetric: a sees b down while b sees a Established', () => {
  const view = analyse({
    ...empty,
    nodes: mesh.map(([n, ip]) => info(n, ip)),
    down: [session('a', '10.0.0.2', false)],
    observersOfDown: [{ labels: { address: '10.0.0.2' }, value: 3 }],
    ownersEstablished: [session('b', '10.0.0.1', true), session('b', '10.0.0.4', true)],
  });
  assert.equal(view.asymmetric.length, 1);
  const pair = view.asymmetric[0];
  assert.deepEqual(pair && [pair.node.name, pair.other.name, pair.downAddress, pair.upAddress], ['a', 'b', '10.0.0.2', '10.0.0.1']);
});

test('stale and expected nodes: stale is unhealthy, expected is not, and excuses its sessions', () => {
  const view = analyse({
    ...cDown,
    noBird: [],
    failingChecks: [],
    stale: [info('d', '10.0.0.4')],
    expected: [{ labels: { ...at('c'), reason: 'shutting-down' }, value: 1 }],
    down: ['a', 'b'].map((n) => session(n, '10.0.0.3', false)),
  });
  assert.deepEqual(view.summary, { nodes: 4, ready: 2, notReady: 0, expected: 1, stale: 1, noBird: 0 });
  assert.equal(view.nodes.find((s) => s.node.name === 'c')?.expectedReason, 'shutting-down');
  assert.equal(view.healthy, false, 'd is stale');
  const withoutStale = analyse({
    ...cDown,
    noBird: [],
    failingChecks: [],
    expected: [{ labels: { ...at('c'), reason: 'shutting-down' }, value: 1 }],
  });
  assert.equal(withoutStale.healthy, true, 'sessions to an expected node are not unexpected');
});

test('flapping peers, most transitions first, with the owner of the address', () => {
  const view = analyse({
    ...empty,
    nodes: mesh.map(([n, ip]) => info(n, ip)),
    flapping: [
      { labels: { ...at('a'), peer: 'Mesh_10_0_0_2', address: '10.0.0.2', family: 'ipv4' }, value: 4.0001 },
      { labels: { ...at('d'), peer: 'Mesh_10_0_0_9', address: '10.0.0.9', family: 'ipv4' }, value: 9 },
    ],
  });
  assert.deepEqual(
    view.flapping.map((f) => [f.node.name, f.address, f.owner?.name ?? null, f.transitions]),
    [
      ['d', '10.0.0.9', null, 9],
      ['a', '10.0.0.2', 'b', 4],
    ],
  );
  assert.equal(view.healthy, true, 'flapping alone, with everything up now, is reported, not failed');
});

test('the matrix: rows see columns by router id; down wins; unknown addresses are left out', () => {
  const view = analyse({
    ...empty,
    nodes: mesh.slice(0, 3).map(([n, ip]) => info(n, ip)),
    allSessions: [
      session('a', '10.0.0.2', true),
      session('a', '10.0.0.3', false),
      session('b', '10.0.0.1', true),
      session('b', '10.0.0.99', true),
    ],
  });
  assert.deepEqual(
    view.matrix?.nodes.map((n) => n.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(view.matrix?.cells, [
    ['none', 'up', 'down'],
    ['up', 'none', 'none'],
    ['none', 'none', 'none'],
  ]);
});
