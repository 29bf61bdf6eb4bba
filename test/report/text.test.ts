import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson } from '../../src/report/json.ts';
import { PLAIN, printable } from '../../src/report/paint.ts';
import { renderText } from '../../src/report/text.ts';
import { verdictLine } from '../../src/report/verdict.ts';
import type { CheckResult } from '../../src/types.ts';

function result(name: CheckResult['name'], status: CheckResult['status'], message: string, warnings: string[] = []): CheckResult {
  return { name, status, message, durationMs: 3, details: {}, warnings, layers: [{ step: 'socket', ok: true, detail: 'answered' }] };
}

const felixOk = result('felix-ready', 'pass', 'Felix reports ready (HTTP 200)');
const birdFail = result('bird-ready', 'fail', 'BIRD is not ready: BGP not established with 10.0.0.4');
const felixFail = result('felix-ready', 'fail', 'felix is not ready: readiness probe reporting 503');

test('the verdict keeps calico-node wording and names every failure', () => {
  assert.equal(verdictLine([felixOk, birdFail]), 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4');
  assert.equal(verdictLine([felixFail, birdFail]),
    'calico/node is not ready: felix is not ready: readiness probe reporting 503; BIRD is not ready: BGP not established with 10.0.0.4');
  assert.equal(verdictLine([felixOk]), 'calico/node is ready');
  assert.equal(verdictLine([result('felix-live', 'pass', 'x'), result('bird-live', 'pass', 'y')]), 'calico/node is live');
  assert.equal(verdictLine([felixOk, result('bird-ready', 'warn', 'ok', ['BGP not established with 10.0.0.4'])]),
    'calico/node is ready (1 warning: bird-ready: BGP not established with 10.0.0.4)');
});

test('failures come before unknowns in the verdict', () => {
  const unknown = result('bird6-ready', 'unknown', 'BIRD6 is not ready: error executing command: cut');
  assert.match(verdictLine([unknown, birdFail]), /^calico\/node is not ready: BIRD is not ready: .*; BIRD6 is not ready/);
});

test('text: verdict first, then one line per check; quiet prints only failures', () => {
  const text = renderText([felixOk, birdFail], { paint: PLAIN, verbose: false, quiet: false });
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[1] as string, /^felix-ready {2}pass {4}Felix reports ready/);
  assert.match(lines[2] as string, /^bird-ready {3}fail {4}BIRD is not ready/);
  assert.doesNotMatch(text, /\d+ms/, 'no durations in default output');
  assert.equal(renderText([felixOk], { paint: PLAIN, verbose: false, quiet: true }), '');
  assert.equal(renderText([felixOk, birdFail], { paint: PLAIN, verbose: false, quiet: true }).split('\n').length, 2);
});

test('verbose adds layers and timings', () => {
  const text = renderText([felixOk], { paint: PLAIN, verbose: true, quiet: false });
  assert.match(text, /\(3ms\)/);
  assert.match(text, /✓ socket: answered/);
});

test('control characters from daemons are escaped', () => {
  assert.equal(printable('Socket: \u001b[31mred\u0007'), 'Socket: \\x1b[31mred\\x07');
  const text = renderText([result('bird-ready', 'fail', 'BIRD is not ready: \u001b]0;pwned\u0007')], { paint: PLAIN, verbose: false, quiet: false });
  assert.doesNotMatch(text, /\u001b/);
});

test('json follows cli.md', () => {
  const doc = JSON.parse(renderJson([felixOk, birdFail], 12.4));
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.status, 'fail');
  assert.equal(doc.exitCode, 1);
  assert.equal(doc.durationMs, 12);
  assert.deepEqual(doc.checks.map((c: { name: string }) => c.name), ['felix-ready', 'bird-ready']);
  assert.deepEqual(Object.keys(doc.checks[0]), ['name', 'status', 'message', 'durationMs', 'details', 'warnings']);
});
