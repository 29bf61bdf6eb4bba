// serve keeps one watch on its own Node (field selector, bookmarks) instead of a request per
// probe: a taint added while it runs shows in /readyz and /metrics within seconds, and the watch
// survives a 410 Gone (a new list) and a dropped stream. The verdict itself never changes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { request, requestUntil } from '../support/http-get.ts';
import { startKubeStandin, type KubeStandin } from '../support/kube-apiserver.ts';
import { pollUntil } from '../support/harness/poll.ts';
import { startServe, type ServeProcess } from '../support/serve-process.ts';

let felix: FelixStandin;
let kube: KubeStandin;
let serve: ServeProcess;
let dir: string;

/** This node's files in `dir` (no BIRD listens there), with the Felix stand-in. */
const nodeArgs = (): string[] => [
  '--felix-url',
  felix.url,
  '--family',
  'ipv4',
  '--bird-socket',
  join(dir, 'bird.ctl'),
  '--nodename-file',
  join(dir, 'nodename'),
  '--service-dir',
  dir,
  '--shutdown-file',
  join(dir, 'shutdownTS'),
];

before(async () => {
  [felix, kube] = await Promise.all([startFelixStandin(), startKubeStandin()]);
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: true, ready: false }]);
  dir = mkdtempSync(join(tmpdir(), 'cp-serve-node-'));
  writeFileSync(join(dir, 'nodename'), 'node-1');
  kube.setNode({ metadata: { name: 'node-1' }, spec: {} });
  kube.setNode({ metadata: { name: 'node-2' }, spec: {} });
  serve = await startServe([...nodeArgs(), '--kubeconfig', kube.kubeconfig(dir), '--min-interval', '0']);
});
after(async () => {
  await serve?.stop();
  await Promise.all([felix.close(), kube.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const expectedIn = (reason: string) => (a: { status: number; firstLine: string }) =>
  a.status === 503 && a.firstLine.includes(`(expected: ${reason}`);
const notExpected = (a: { status: number; firstLine: string }) => a.status === 503 && !a.firstLine.includes('expected');
const watching = () =>
  pollUntil(() => (kube.watches === 1 ? true : undefined), {
    timeoutMs: 10_000,
    what: 'one open watch',
    describe: () => String(kube.watches),
  });

test('one watch; a taint added while serve runs shows within seconds; 410 and a dropped stream are survived', async () => {
  await watching();
  assert.ok(notExpected(await requestUntil(`${serve.base}/readyz`, notExpected)));

  kube.setNode({
    metadata: { name: 'node-1' },
    spec: { taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1796281200', effect: 'NoSchedule' }] },
  });
  const tainted = await requestUntil(`${serve.base}/readyz`, expectedIn('node-deleting'), 10_000);
  assert.equal(tainted.status, 503, 'readiness still fails');
  assert.match(
    tainted.firstLine,
    /^calico\/node is not ready: felix is not ready: .*\(expected: node-deleting since 2026-12-03T\d\d:\d\d:\d\d\.000Z\)$/,
  );
  // /metrics: the live run fails here too (no BIRD), and a liveness failure is never expected.
  assert.match((await request(`${serve.base}/metrics`)).body, /^calico_probe_expected_unready\{reason="node-deleting"\} 0$/m);

  // Another Node changing is not this node's business (the field selector).
  kube.setNode({ metadata: { name: 'node-2', deletionTimestamp: '2026-12-03T07:10:00Z' }, spec: {} });

  kube.expireWatches(); // 410 Gone: list again, then watch from the new version
  kube.setNode({ metadata: { name: 'node-1' }, spec: { unschedulable: true } });
  await requestUntil(`${serve.base}/readyz`, notExpected, 10_000);

  await watching();
  kube.dropWatches(); // the connection breaks: watch again
  kube.setNode({ metadata: { name: 'node-1', deletionTimestamp: '2026-12-03T07:10:00Z' }, spec: {} });
  await requestUntil(`${serve.base}/readyz`, expectedIn('node-deleting'), 10_000);
  await watching();

  assert.equal(kube.maxWatches, 1, 'never more than one watch at a time');
  // The log says when the view of the Node was lost and when it was current again.
  const events = serve.logs.map((l) => l.event).filter((e) => e.startsWith('node-watch-'));
  assert.equal(events[0], 'node-watch-current');
  assert.ok(events.includes('node-watch-lost'), events.join(' '));
  assert.equal(events.at(-1), 'node-watch-current');
  const gets = kube.requests.filter((r) => r.startsWith('GET /api/v1/nodes/'));
  assert.deepEqual(gets, [], 'no GET per probe');
  const kinds = kube.requests.map((r) => (r.includes('watch=1') ? 'watch' : 'list'));
  assert.ok(kinds.every((k) => k === 'watch' || k === 'list'));
  assert.ok(
    kube.requests.every((r) => r.includes('fieldSelector=metadata.name%3Dnode-1')),
    kube.requests.join('\n'),
  );
  assert.ok(kube.requests.some((r) => r.includes('allowWatchBookmarks=true')));
});

test('an API that hangs: serve answers /readyz within its deadline, with the verdict and without the context', async (t) => {
  const hanging = await startKubeStandin();
  hanging.setMode('hang');
  const other = await startServe([...nodeArgs(), '--kubeconfig', hanging.kubeconfig(dir), '--timeout', '1s']);
  t.after(async () => {
    await other.stop();
    await hanging.close();
  });
  await pollUntil(() => (hanging.requests.length > 0 ? true : undefined), {
    timeoutMs: 10_000,
    what: 'the list request',
    describe: () => '',
  });
  const answer = await requestUntil(`${other.base}/readyz`, (a) => a.status === 503 && !a.firstLine.includes('no result yet'));
  assert.match(answer.firstLine, /^calico\/node is not ready: felix is not ready: /);
  assert.doesNotMatch(answer.firstLine, /expected/);
  assert.deepEqual(
    hanging.requests.map((r) => r.split('?')[0]),
    ['GET /api/v1/nodes'],
    'one list, still waiting: no request per probe',
  );
});
