// Expected unready, end to end through the built CLI: calico-node's shutdown marker, and the Node
// read from a Kubernetes API stand-in through a kubeconfig and through the pod's service
// account. An expected failure still exits 1; every output says it is expected and why; with
// neither signal, every output is as before. A passing probe never calls the API; a failing one
// calls it once, and an API that hangs, refuses or says 401/403 loses only the context.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { startKubeStandin, type KubeNode, type KubeStandin } from '../support/kube-apiserver.ts';
import { runCli } from '../support/run-cli.ts';

let felix: FelixStandin;
let kube: KubeStandin;
let dir: string;
const NOT_READY = [{ name: 'InternalDataplaneMainLoop', live: true, ready: false }];
const READY = [{ name: 'InternalDataplaneMainLoop', live: true, ready: true }];

before(async () => {
  [felix, kube] = await Promise.all([startFelixStandin(), startKubeStandin()]);
  dir = mkdtempSync(join(tmpdir(), 'cp-expected-'));
  writeFileSync(join(dir, 'nodename'), 'node-1\n');
});
after(async () => {
  await Promise.all([felix.close(), kube.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const node = (spec: KubeNode['spec'], metadata: Partial<KubeNode['metadata']> = {}): KubeNode => ({
  metadata: { name: 'node-1', ...metadata },
  spec,
});

function probe(...extra: string[]): string[] {
  return [
    'check',
    'felix-ready',
    '--felix-url',
    felix.url,
    '--nodename-file',
    join(dir, 'nodename'),
    '--shutdown-file',
    join(dir, 'shutdownTS'),
    ...extra,
  ];
}

async function outputs(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = (format: string) => runCli([...args, '-o', format], { env });
  const [text, json, prometheus, nagios, npd] = await Promise.all(['text', 'json', 'prometheus', 'nagios', 'npd'].map(run));
  return { text, json, prometheus, nagios, npd } as Record<
    'text' | 'json' | 'prometheus' | 'nagios' | 'npd',
    Awaited<ReturnType<typeof runCli>>
  >;
}

function assertExpected(o: Awaited<ReturnType<typeof outputs>>, reason: string) {
  assert.equal(o.text.code, 1, o.text.stderr);
  assert.match(o.text.firstLine, new RegExp(`^calico/node is not ready: felix is not ready: .*\\(expected: ${reason}`));
  assert.match(o.text.stdout.split('\n')[1] ?? '', /^expected: .*not a fault/);
  assert.equal(o.json.code, 1);
  const doc = JSON.parse(o.json.stdout);
  assert.equal(doc.status, 'fail');
  assert.equal(doc.exitCode, 1);
  assert.equal(doc.expected.reason, reason);
  assert.equal(doc.checks[0].expected.reason, reason);
  assert.equal(o.prometheus.code, 1);
  assert.match(o.prometheus.stdout, new RegExp(`^calico_probe_expected_unready\\{reason="${reason}"\\} 1$`, 'm'));
  assert.equal(o.nagios.code, 1, 'WARNING, not CRITICAL');
  assert.match(o.nagios.firstLine, new RegExp(`^CALICO-PROBE WARNING - expected \\(${reason}\\): felix-ready: `));
  assert.equal(o.npd.code, 0, 'a planned problem is OK for node-problem-detector');
  assert.match(o.npd.stdout, new RegExp(`^expected ${reason}: felix-ready: `));
}

function assertNotExpected(o: Awaited<ReturnType<typeof outputs>>) {
  assert.equal(o.text.code, 1);
  assert.doesNotMatch(o.text.stdout, /expected/);
  assert.equal(JSON.parse(o.json.stdout).expected, undefined);
  assert.equal(JSON.parse(o.json.stdout).checks[0].expected, undefined);
  assert.match(o.prometheus.stdout, /^calico_probe_expected_unready\{reason="shutting-down"\} 0$/m);
  assert.match(o.prometheus.stdout, /^calico_probe_expected_unready\{reason="node-deleting"\} 0$/m);
  assert.equal(o.nagios.code, 2);
  assert.match(o.nagios.firstLine, /^CALICO-PROBE CRITICAL - felix-ready: /);
  assert.equal(o.npd.code, 1);
}

test('the shutdown marker makes a failing ready expected; the exit code stays 1', async () => {
  felix.setReporters(NOT_READY);
  writeFileSync(join(dir, 'shutdownTS'), '2026-12-03T07:00:00Z\n');
  try {
    const o = await outputs(probe());
    assertExpected(o, 'shutting-down');
    assert.match(o.text.firstLine, /\(expected: shutting-down since 2026-12-03T07:00:00Z\)$/);
  } finally {
    rmSync(join(dir, 'shutdownTS'));
  }
});

test('the marker is taken from $CALICO_SHUTDOWN_TIMESTAMP_FILE', async () => {
  felix.setReporters(NOT_READY);
  const marker = join(dir, 'elsewhere');
  writeFileSync(marker, '2026-12-03T07:00:00Z');
  try {
    const args = ['check', 'felix-ready', '--felix-url', felix.url, '--nodename-file', join(dir, 'nodename'), '-o', 'json'];
    const run = await runCli(args, { env: { CALICO_SHUTDOWN_TIMESTAMP_FILE: marker } });
    assert.equal(JSON.parse(run.stdout).expected.detail, `shutdown marker ${marker} written 2026-12-03T07:00:00Z`);
  } finally {
    rmSync(marker);
  }
});

test('neither marker nor Node: every output is as before', async () => {
  felix.setReporters(NOT_READY);
  assertNotExpected(await outputs(probe()));
});

test('a liveness failure is never excused', async () => {
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: false, ready: false }]);
  writeFileSync(join(dir, 'shutdownTS'), '2026-12-03T07:00:00Z\n');
  try {
    const args = [
      'check',
      'felix-live',
      'felix-ready',
      '--felix-url',
      felix.url,
      '--nodename-file',
      join(dir, 'nodename'),
      '--shutdown-file',
      join(dir, 'shutdownTS'),
    ];
    const run = await runCli([...args, '-o', 'json']);
    const doc = JSON.parse(run.stdout);
    assert.equal(run.code, 1);
    assert.equal(doc.expected, undefined, 'the run is not expected while liveness fails');
    assert.equal(doc.checks[0].expected, undefined);
    assert.equal(doc.checks[1].expected.reason, 'shutting-down');
    assert.equal((await runCli([...args, '-o', 'nagios'])).code, 2);
  } finally {
    rmSync(join(dir, 'shutdownTS'));
  }
});

test('through a kubeconfig: a deleting Node makes failing ready expected, with exactly one GET', async () => {
  felix.setReporters(NOT_READY);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  const kubeconfig = kube.kubeconfig(dir);
  const before = kube.requests.length;
  const run = await runCli([...probe('--kubeconfig', kubeconfig), '-o', 'json']);
  assert.deepEqual(kube.requests.slice(before), ['GET /api/v1/nodes/node-1'], 'one GET of the Node named in the nodename file');
  assert.equal(run.code, 1);
  assert.equal(JSON.parse(run.stdout).expected.reason, 'node-deleting');
  assert.equal(JSON.parse(run.stdout).expected.since, '2026-12-03T07:10:00Z');
  assertExpected(await outputs(probe('--kubeconfig', kubeconfig)), 'node-deleting');
});

test('a kubeconfig with a client certificate instead of a token', async () => {
  felix.setReporters(NOT_READY);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  const before = kube.requests.length;
  const run = await runCli([...probe('--kubeconfig', kube.clientCertKubeconfig(dir)), '-o', 'json']);
  assert.deepEqual(kube.requests.slice(before), ['GET /api/v1/nodes/node-1']);
  assert.equal(run.code, 1);
  assert.equal(JSON.parse(run.stdout).expected?.reason, 'node-deleting', run.stdout);
});

test('$KUBECONFIG and $NODENAME; the autoscaler taint counts, whatever its effect', async () => {
  felix.setReporters(NOT_READY);
  kube.setNode(
    node({ taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1796281200', effect: 'PreferNoSchedule' }] }, { name: 'other' }),
  );
  const before = kube.requests.length;
  const run = await runCli([...probe(), '-o', 'json'], { env: { KUBECONFIG: kube.kubeconfig(dir), NODENAME: 'other' } });
  assert.deepEqual(kube.requests.slice(before), ['GET /api/v1/nodes/other']);
  const doc = JSON.parse(run.stdout);
  assert.equal(run.code, 1);
  assert.equal(doc.expected.reason, 'node-deleting');
  assert.match(doc.expected.detail, /ToBeDeletedByClusterAutoscaler:PreferNoSchedule/);
});

test('a cordon alone changes nothing, and -v shows it as information', async () => {
  felix.setReporters(NOT_READY);
  kube.setNode(node({ unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }));
  const kubeconfig = kube.kubeconfig(dir);
  assertNotExpected(await outputs(probe('--kubeconfig', kubeconfig)));
  const verbose = await runCli(probe('--kubeconfig', kubeconfig, '-v'));
  assert.match(verbose.stdout, /node: Node node-1 is not being deleted; read through kubeconfig/);
  assert.match(verbose.stdout, /taints: node\.kubernetes\.io\/unschedulable:NoSchedule/);
  assert.match(verbose.stdout, /cordon: cordoned \(information only/);
});

test('a passing probe makes no API request and reads no marker', async () => {
  felix.setReporters(READY);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  writeFileSync(join(dir, 'shutdownTS'), '2026-12-03T07:00:00Z\n');
  try {
    const before = kube.requests.length;
    const run = await runCli(probe('--kubeconfig', kube.kubeconfig(dir)));
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.firstLine, 'calico/node is ready');
    assert.deepEqual(kube.requests.slice(before), []);
  } finally {
    rmSync(join(dir, 'shutdownTS'));
  }
});

test('a failing liveness probe reads no context: it could never be excused', async () => {
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: false, ready: false }]);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  writeFileSync(join(dir, 'shutdownTS'), '2026-12-03T07:00:00Z\n');
  try {
    const before = kube.requests.length;
    const args = [
      'check',
      'felix-live',
      '--felix-url',
      felix.url,
      '--nodename-file',
      join(dir, 'nodename'),
      '--shutdown-file',
      join(dir, 'shutdownTS'),
    ];
    const run = await runCli([...args, '--kubeconfig', kube.kubeconfig(dir), '-v']);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.firstLine, /expected/);
    assert.match(run.stdout, /lifecycle: not read: a liveness failure is never expected/);
    assert.deepEqual(kube.requests.slice(before), []);
  } finally {
    rmSync(join(dir, 'shutdownTS'));
  }
});

test('an API that hangs, refuses, or answers 401, 403 or 404 loses only the context', async (t) => {
  felix.setReporters(NOT_READY);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  const cases: Array<[string, () => string, RegExp, () => void]> = [
    ['401', () => kube.kubeconfig(dir, 'not-a-token'), /the API answered 401 Unauthorized/, () => {}],
    ['403', () => kube.kubeconfig(dir, kube.forbiddenToken), /the API answered 403 Forbidden: nodes "node-1" is forbidden/, () => {}],
    ['refused', () => refusingKubeconfig(), /cannot reach the API at https:\/\/127\.0\.0\.1:1: ECONNREFUSED/, () => {}],
    ['hang', () => kube.kubeconfig(dir), /no answer before the deadline/, () => kube.setMode('normal')],
  ];
  for (const [name, kubeconfig, why, cleanup] of cases) {
    await t.test(name, async () => {
      if (name === 'hang') kube.setMode('hang');
      try {
        const run = await runCli(probe('--kubeconfig', kubeconfig(), '--timeout', '1500ms', '-v'));
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.firstLine, /^calico\/node is not ready: felix is not ready: /);
        assert.doesNotMatch(run.firstLine, /expected/);
        assert.match(run.stdout, new RegExp(`node: context lost, verdict unchanged: .*${why.source}`));
        assert.doesNotMatch(run.stderr, /still running after the deadline/, 'the deadline held without the safety net');
      } finally {
        cleanup();
      }
    });
  }
  const ghost = await runCli(probe('--kubeconfig', kube.kubeconfig(dir), '--node-name', 'ghost', '-v'));
  assert.equal(ghost.code, 1);
  assert.match(ghost.stdout, /node: context lost, verdict unchanged: the API answered 404 NotFound: nodes "ghost" not found/);
  const missing = await runCli([...probe('--kubeconfig', join(dir, 'missing')), '-o', 'nagios']);
  assert.equal(missing.code, 2, 'a kubeconfig that cannot be read changes nothing');
});

function refusingKubeconfig(): string {
  const path = join(dir, 'refusing');
  writeFileSync(
    path,
    JSON.stringify({
      'current-context': 'c',
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      clusters: [
        { name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': Buffer.from(kube.caPem).toString('base64') } },
      ],
      users: [{ name: 'u', user: { token: kube.token } }],
    }),
  );
  return path;
}

/** unshare(1) can give the CLI a private mount namespace with a service account of our own over /run. */
const canUnshare = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;

test('in a pod: the service account and KUBERNETES_SERVICE_HOST/_PORT', {
  skip: canUnshare || process.env.CI === 'true' ? false : 'needs unshare --mount (root); required under CI',
}, async () => {
  felix.setReporters(NOT_READY);
  kube.setNode(node({}, { deletionTimestamp: '2026-12-03T07:10:00Z' }));
  // /var/run is /run: a private bind mount puts the service account where client-go reads it.
  const run_ = join(dir, 'run');
  const account = join(run_, 'secrets/kubernetes.io/serviceaccount');
  mkdirSync(account, { recursive: true });
  writeFileSync(join(account, 'token'), `${kube.token}\n`);
  writeFileSync(join(account, 'ca.crt'), kube.caPem);
  writeFileSync(join(account, 'namespace'), 'kube-system');
  const before = kube.requests.length;
  const run = await runCli([...probe(), '-o', 'json'], {
    env: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(kube.port) },
    execPath: 'unshare',
    nodeArgs: ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /run && exec "$@"', run_, process.execPath],
  });
  assert.deepEqual(kube.requests.slice(before), ['GET /api/v1/nodes/node-1'], run.stderr);
  assert.equal(run.code, 1);
  assert.equal(JSON.parse(run.stdout).expected.reason, 'node-deleting');
});
