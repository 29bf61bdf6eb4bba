// watch on a node that is not ready from the start: the first run says so and why, in a pipe,
// before any state change (a ready watch starts in the failure state, so run 1 flips nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../support/run-cli.ts';

const NOWHERE = ['--felix-url', 'http://127.0.0.1:1', '--bird-socket', '/nonexistent/bird.ctl', '--nodename-file', '/nonexistent/nodename'];
const TS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

test('text: the verdict line, then each failing check', async () => {
  const run = await runCli(['watch', 'ready', '--family', 'ipv4', '--count', '2', '--period', '100ms', ...NOWHERE]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, '');
  const lines = run.stdout.trimEnd().split('\n');
  assert.match(lines[0] as string, TS);
  assert.match(lines[0] as string, / run 1: not ready: calico\/node is not ready: felix is not ready: .*BIRD is not ready: /);
  assert.match(
    lines[1] as string,
    /^ {2}felix-ready +fail +felix is not ready: GET http:\/\/127\.0\.0\.1:1\/readiness: connection refused/,
  );
  assert.match(lines[2] as string, /^ {2}bird-ready +fail +BIRD is not ready: /);
  assert.equal(lines.length, 3, 'run 2 changed nothing: no line');
});

test('json: the first run is one document', async () => {
  const run = await runCli(['watch', 'ready', '--family', 'ipv4', '--count', '1', '-o', 'json', ...NOWHERE]);
  const events = run.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; run: number; to: string; result: { status: string } });
  assert.deepEqual(
    events.map((e) => [e.event, e.run, e.to, e.result.status]),
    [['run', 1, 'failure', 'fail']],
  );
});

test('-q: a failing first run still shows, a healthy one would not', async () => {
  const run = await runCli(['watch', 'ready', '-q', '--family', 'ipv4', '--count', '1', ...NOWHERE]);
  assert.match(run.stdout, / run 1: not ready: /);
});
