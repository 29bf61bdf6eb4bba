// The Nagios renderer on results shaped as the checks build them: state, summary, perfdata
// and long output (README, Nagios and Icinga). The real runs are in test/integration/monitoring.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BirdError } from '../../src/bird/index.ts';
import { birdErrorDetail } from '../../src/checks/bird-errors.ts';
import { CHECK_PREFIX } from '../../src/checks/wording.ts';
import { nagiosUnknownLine, renderNagios } from '../../src/report/nagios.ts';
import type { CheckName, CheckResultOf, CheckStatus } from '../../src/checks/types.ts';
import { calicoPeer } from '../support/calico-peer.ts';

function result<N extends CheckName>(
  name: N,
  status: CheckStatus,
  message: string,
  extra: Partial<CheckResultOf<N>> = {},
): CheckResultOf<N> {
  return { name, status, message, durationMs: 12, details: {}, warnings: [], layers: [], ...extra };
}

const peers = [
  calicoPeer('Mesh_10_0_0_2', '10.0.0.2', 'ipv4', true),
  calicoPeer('Node_10_0_0_4', '10.0.0.4', 'ipv4', false),
  calicoPeer('Mesh_fd00__2', 'fd00::2', 'ipv6', true),
];

const SOCKETS = { socket: '/var/run/calico/bird.ctl', nodenameFile: '/var/lib/calico/nodename', family: 'ipv4' as const };

const felixOk = result('felix-ready', 'pass', 'Felix reports ready (HTTP 200)', { durationMs: 4 });
const birdFail = result('bird-ready', 'fail', 'BIRD is not ready: BGP not established with 10.0.0.4', { details: { ...SOCKETS, peers } });
const birdWarn = result('bird-ready', 'warn', 'BGP established with 1 of 2 peers', {
  details: { ...SOCKETS, peers },
  warnings: ['BGP not established with 10.0.0.4'],
});

const lines = (text: string) => text.trimEnd().split('\n');
const statusLine = (text: string) => (lines(text)[0] ?? '').split(' | ')[0] ?? '';

test('CRITICAL names the failing check without calico-node prefix; one long-output line per check', () => {
  const out = renderNagios([felixOk, birdFail], { durationMs: 12.5 });
  assert.deepEqual(lines(out), [
    "CALICO-PROBE CRITICAL - bird-ready: BGP not established with 10.0.0.4 | 'felix_ready'=1;;;0;1 'bird_ready'=0;;;0;1 " +
      "'felix_ready_time'=0.004s;;;0 'bird_ready_time'=0.012s;;;0 'ipv4_established'=1;;;0;2 'ipv6_established'=1;;;0;1 'duration'=0.013s;;;0",
    '\\_[OK] - felix-ready: Felix reports ready (HTTP 200)',
    '\\_[CRITICAL] - bird-ready: BIRD is not ready: BGP not established with 10.0.0.4',
  ]);
});

test('WARNING summarises the warnings and nests them under their check', () => {
  const out = renderNagios([felixOk, birdWarn], { durationMs: 20 });
  assert.equal(statusLine(out), 'CALICO-PROBE WARNING - bird-ready: BGP not established with 10.0.0.4');
  assert.deepEqual(lines(out).slice(1), [
    '\\_[OK] - felix-ready: Felix reports ready (HTTP 200)',
    '\\_[WARNING] - bird-ready: BGP established with 1 of 2 peers',
    '    \\_[WARNING] - BGP not established with 10.0.0.4',
  ]);
});

test('OK says what was proved, with the peer count', () => {
  const healthy = result('bird-ready', 'pass', 'BGP established with 2 of 2 peers', {
    details: { ...SOCKETS, peers: peers.filter((p) => p.address !== '10.0.0.4') },
  });
  assert.equal(
    statusLine(renderNagios([felixOk, healthy], { durationMs: 1 })),
    'CALICO-PROBE OK - calico/node is ready, 2/2 BGP peers established',
  );
  assert.equal(
    statusLine(renderNagios([result('felix-live', 'pass', 'x'), result('bird-live', 'pass', 'y')], { durationMs: 1 })),
    'CALICO-PROBE OK - calico/node is live',
  );
});

test('UNKNOWN when a check reached no verdict; CRITICAL outranks it', () => {
  const cut = result('bird6-ready', 'unknown', 'BIRD6 is not ready: error executing command: reply cut before its final line');
  assert.equal(
    statusLine(renderNagios([felixOk, cut], { durationMs: 1 })),
    'CALICO-PROBE UNKNOWN - bird6-ready: reply cut before its final line',
  );
  assert.match(renderNagios([cut, birdFail], { durationMs: 1 }), /^CALICO-PROBE CRITICAL - bird-ready: /);
});

test('a --textfile that could not be written is UNKNOWN, listed last, and never hides CRITICAL', () => {
  const problem = 'cannot write --textfile /x/calico-probe.prom: no space left on device (ENOSPC); any previous file is unchanged';
  const ok = renderNagios([felixOk], { durationMs: 1, problem });
  assert.match(ok, /^CALICO-PROBE UNKNOWN - cannot write --textfile \/x\/calico-probe\.prom: no space.*\.\.\. \| /);
  assert.equal(lines(ok).at(-1), `\\_[UNKNOWN] - ${problem}`);
  assert.match(renderNagios([birdFail], { durationMs: 1, problem }), /^CALICO-PROBE CRITICAL - bird-ready: BGP not established/);
});

test('the status line stays within 80 characters and holds no pipe or control character', () => {
  const noisy = result('felix-ready', 'fail', `felix is not ready: readiness probe reporting 503 (A | B\nC ${'x'.repeat(200)})`);
  const out = renderNagios([noisy, birdFail], { durationMs: 1 });
  const head = statusLine(out);
  assert.ok(head.length <= 80, `${head.length}: ${head}`);
  assert.ok(head.endsWith('...'));
  assert.equal(lines(out).length, 3, 'a newline in a message does not add lines');
  for (const line of lines(out)) assert.equal(line.split('|').length, line === lines(out)[0] ? 2 : 1, line);
  assert.match(lines(out)[1] as string, /\(A \/ B\\x0aC x+/);
});

test("calico-node's socket wrappers are dropped from the summary only", () => {
  for (const [kind, cause] of [
    ['not-found', 'cannot connect to BIRD socket /run/b.ctl: no such file'],
    ['timeout', 'no reply from BIRD socket /run/b.ctl within the deadline'],
  ] as const) {
    const message = CHECK_PREFIX['bird-ready'] + birdErrorDetail(new BirdError(kind, '/run/b.ctl', cause), 'BIRDv4');
    const out = renderNagios([result('bird-ready', 'fail', message)], { durationMs: 1 });
    assert.ok(statusLine(out).startsWith(`CALICO-PROBE CRITICAL - bird-ready: ${cause.slice(0, 40)}`), statusLine(out));
    assert.equal(lines(out)[1], `\\_[CRITICAL] - bird-ready: ${message}`);
  }
});

test('a usage error is one UNKNOWN line', () => {
  assert.equal(nagiosUnknownLine("unknown option '--bogus'"), "CALICO-PROBE UNKNOWN - unknown option '--bogus'\n");
  assert.equal(nagiosUnknownLine('a|b\nc'), 'CALICO-PROBE UNKNOWN - a/b\\x0ac\n');
});
