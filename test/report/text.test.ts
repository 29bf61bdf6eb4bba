import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJson } from '../../src/report/json.ts';
import { PLAIN, printable } from '../../src/report/paint.ts';
import { MAX_TEXT_BYTES, renderText } from '../../src/report/text.ts';
import { verdictLine } from '../../src/report/verdict.ts';
import type { CheckResult } from '../../src/checks/types.ts';
import type { CalicoPeer } from '../../src/bird/index.ts';

function result(name: CheckResult['name'], status: CheckResult['status'], message: string, warnings: string[] = []): CheckResult {
  return { name, status, message, durationMs: 3, details: {}, warnings, layers: [{ step: 'socket', ok: true, detail: 'answered' }] };
}

const felixOk = result('felix-ready', 'pass', 'Felix reports ready (HTTP 200)');
const birdFail = result('bird-ready', 'fail', 'BIRD is not ready: BGP not established with 10.0.0.4');
const felixFail = result('felix-ready', 'fail', 'felix is not ready: readiness probe reporting 503');

test('the verdict keeps calico-node wording and names every failure', () => {
  assert.equal(verdictLine([felixOk, birdFail]), 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4');
  assert.equal(
    verdictLine([felixFail, birdFail]),
    'calico/node is not ready: felix is not ready: readiness probe reporting 503; BIRD is not ready: BGP not established with 10.0.0.4',
  );
  assert.equal(verdictLine([felixOk]), 'calico/node is ready');
  assert.equal(verdictLine([result('felix-live', 'pass', 'x'), result('bird-live', 'pass', 'y')]), 'calico/node is live');
  assert.equal(
    verdictLine([felixOk, result('bird-ready', 'warn', 'ok', ['BGP not established with 10.0.0.4'])]),
    'calico/node is ready (1 warning: bird-ready: BGP not established with 10.0.0.4)',
  );
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
  const text = renderText([result('bird-ready', 'fail', 'BIRD is not ready: \u001b]0;pwned\u0007')], {
    paint: PLAIN,
    verbose: false,
    quiet: false,
  });
  assert.doesNotMatch(text, /\u001b/);
});

test('json follows README, JSON (schemaVersion 1, the shipped schema)', () => {
  const doc = JSON.parse(renderJson([felixOk, birdFail], 12.4));
  assert.equal(doc.schemaVersion, 1);
  assert.equal(doc.status, 'fail');
  assert.equal(doc.exitCode, 1);
  assert.equal(doc.durationMs, 12);
  assert.deepEqual(
    doc.checks.map((c: { name: string }) => c.name),
    ['felix-ready', 'bird-ready'],
  );
  assert.deepEqual(Object.keys(doc.checks[0]), ['name', 'status', 'message', 'durationMs', 'details', 'warnings']);
});

test('without -v, at most 5 warnings per check, then a count', () => {
  const many = Array.from({ length: 3000 }, (_, i) => `Node_10_0_${i >> 8}_${i & 255} is disabled (down) and not counted`);
  const lines = renderText([result('bird-ready', 'warn', 'ok', many)], { paint: PLAIN, verbose: false, quiet: false })
    .trimEnd()
    .split('\n');
  assert.equal(lines.length, 1 + 1 + 5 + 1);
  assert.equal(lines.at(-1), '            … 2995 more warnings (-v or -o json lists them all)');
  const verbose = renderText([result('bird-ready', 'warn', 'ok', many)], { paint: PLAIN, verbose: true, quiet: false });
  assert.equal(verbose.split('\n').filter((l) => /^ +warning /.test(l)).length, 3000);
});

test('without -v, the output stays within 8 KiB whatever the daemons sent; the verdict comes first', () => {
  const huge = `BGP not established with ${Array.from({ length: 3000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(',')}`;
  const results = (['felix-live', 'felix-ready', 'bird-live', 'bird6-live', 'bird-ready', 'bird6-ready'] as const).map((name) =>
    result(name, 'fail', `${name}: ${huge}`, ['w'.repeat(3000), 'x'.repeat(3000)]),
  );
  const text = renderText(results, { paint: PLAIN, verbose: false, quiet: false });
  assert.ok(Buffer.byteLength(text) <= MAX_TEXT_BYTES, `${Buffer.byteLength(text)} bytes`);
  assert.match(text, /^calico\/node is not ready: felix-live: BGP not established with 10\.0\.0\.0,/);
  assert.match(text, /\n… \d+ more lines cut \(-v or -o json shows everything\)\n$/);
  const wide = renderText([result('bird-ready', 'fail', 'é'.repeat(5000))], { paint: PLAIN, verbose: false, quiet: false });
  assert.ok(Buffer.byteLength(wide) <= MAX_TEXT_BYTES, 'a verdict of two-byte characters is clipped on bytes');
});

test('-v peer table: the BGP state in its column, not again in INFO', () => {
  const peer = (name: string, bgpState: string, info: string): CalicoPeer => ({
    name,
    address: '10.0.0.2',
    port: null,
    family: 'ipv4',
    type: 'mesh',
    state: bgpState === 'Established' ? 'up' : 'start',
    bgpState,
    since: '20:13:53',
    info,
    established: bgpState === 'Established',
  });
  const withPeers: CheckResult = {
    name: 'bird-ready',
    status: 'fail',
    message: 'BIRD is not ready: BGP not established with 10.0.0.2',
    durationMs: 3,
    warnings: [],
    layers: [],
    details: {
      socket: '/run/bird.ctl',
      nodenameFile: '/var/lib/calico/nodename',
      family: 'ipv4',
      peers: [peer('Mesh_10_0_0_2', 'Established', 'Established'), peer('Mesh_10_0_0_3', 'Active', 'Active Socket: Connection refused')],
    },
  };
  const out = renderText([withPeers], { paint: PLAIN, verbose: true, quiet: false });
  assert.doesNotMatch(out, /Established +Established/);
  assert.match(out, /Mesh_10_0_0_2 +10\.0\.0\.2 +mesh +Established\n/);
  assert.match(out, /Mesh_10_0_0_3 +10\.0\.0\.2 +mesh +Active +Socket: Connection refused\n/);
});
