import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalicoPeer } from '../../../src/bird/index.ts';
import type { CheckResult } from '../../../src/checks/types.ts';
import { describeChanges } from '../../../src/commands/watch/changes.ts';
import { eventLine, eventJson, firstRunText, statusText, type WatchEvent } from '../../../src/commands/watch/format.ts';
import { PLAIN } from '../../../src/report/paint.ts';

const peer = (name: string, address: string, bgpState: string | null, info = bgpState ?? ''): CalicoPeer => ({
  name,
  address,
  port: null,
  family: 'ipv4',
  type: 'node',
  state: bgpState === 'Established' ? 'up' : 'start',
  bgpState,
  since: '21:00:00',
  info,
  established: bgpState === 'Established',
});
const ready = (status: CheckResult['status'], peers: CalicoPeer[], message = 'ok'): CheckResult => ({
  name: 'bird-ready',
  status,
  message,
  durationMs: 2,
  details: { socket: 'bird.ctl', nodenameFile: 'nodename', family: 'ipv4', peers },
  warnings: [],
  layers: [],
});
const felix = (httpStatus: number): CheckResult => ({
  name: 'felix-ready',
  status: httpStatus === 200 ? 'pass' : 'fail',
  message: 'm',
  durationMs: 1,
  details: { url: 'http://localhost:9099/readiness', httpStatus },
  warnings: [],
  layers: [],
});

const up = [peer('Mesh_10_0_0_2', '10.0.0.2', 'Established'), peer('Node_10_0_0_4', '10.0.0.4', 'Established')];
const down = [up[0] as CalicoPeer, peer('Node_10_0_0_4', '10.0.0.4', 'Active', 'Active Socket: Connection refused')];

test('names the check and the peer that changed, with its last error', () => {
  assert.deepEqual(describeChanges([felix(200), ready('pass', up)], [felix(200), ready('fail', down)]), [
    'bird-ready pass → fail',
    'Node_10_0_0_4 (10.0.0.4) Established → Active (Socket: Connection refused)',
  ]);
  assert.deepEqual(describeChanges([felix(200)], [felix(503)]), ['felix-ready pass → fail', 'felix-ready HTTP 200 → 503']);
  assert.deepEqual(describeChanges(undefined, [felix(200)]), []);
  assert.deepEqual(describeChanges([ready('pass', up)], [ready('pass', up.slice(0, 1))]), ['Node_10_0_0_4 (10.0.0.4) gone']);
});

test('BIRD stopped: its peers are down, not gone', () => {
  // BIRD did not answer: bird-ready's details have no peers at all.
  const unanswered: CheckResult = {
    name: 'bird-ready',
    status: 'fail',
    message: 'BIRD is not ready: cannot connect',
    durationMs: 2,
    details: { socket: 'bird.ctl', nodenameFile: 'nodename', family: 'ipv4' },
    warnings: [],
    layers: [],
  };
  assert.deepEqual(describeChanges([ready('pass', up)], [unanswered]), [
    'bird-ready pass → fail',
    'Mesh_10_0_0_2 (10.0.0.2) down (BIRD did not answer)',
    'Node_10_0_0_4 (10.0.0.4) down (BIRD did not answer)',
  ]);
});

const event = (over: Partial<WatchEvent>): WatchEvent => ({
  kind: 'transition',
  time: new Date('2026-11-21T21:30:05.123Z'),
  run: 9,
  outcome: 'failure',
  streak: 3,
  from: 'success',
  to: 'failure',
  results: [ready('fail', down, 'BIRD is not ready: BGP not established with 10.0.0.4')],
  durationMs: 4,
  changes: ['bird-ready pass → fail'],
  ...over,
});

test('a transition is one timestamped line: states, streak, verdict, what changed', () => {
  assert.equal(
    eventLine(event({}), 'ready', PLAIN),
    '2026-11-21T21:30:05.123Z ready → not ready after 3 consecutive failures (run 9): calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4 | changed: bird-ready pass → fail',
  );
  assert.equal(
    eventLine(event({ kind: 'run', to: 'success', streak: 1 }), 'live', PLAIN),
    '2026-11-21T21:30:05.123Z run 9: failure (streak 1), state live: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4',
  );
  assert.match(
    statusText('ready', event({}), event({})),
    /^not ready · run 9 failure \(streak 3\) · last transition 21:30:05Z ready → not ready$/,
  );
});

test('BIRD text in a line is escaped; JSON lines carry the result document', () => {
  const line = eventLine(event({ changes: ['Node_x Established → Active (\u001b[2J)'] }), 'ready', PLAIN);
  assert.doesNotMatch(line, /\u001b/);
  const doc = JSON.parse(eventJson(event({})));
  assert.deepEqual(
    [doc.event, doc.from, doc.to, doc.run, doc.result.status, doc.result.exitCode],
    ['transition', 'success', 'failure', 9, 'fail', 1],
  );
});

test('the first run says why: the state, the verdict and each failing or warning check', () => {
  const passing: CheckResult = { ...felix(200), message: 'felix is ready' };
  const warned: CheckResult = { ...ready('warn', up, 'BIRD is ready'), warnings: ['graceful restart in progress'] };
  const failing = ready('fail', down, 'BIRD is not ready: BGP not established with 10.0.0.4');
  assert.equal(
    firstRunText(event({ run: 1, kind: 'run', from: 'failure', to: 'failure', results: [passing, failing] }), 'ready', PLAIN, false),
    '2026-11-21T21:30:05.123Z run 1: not ready: calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4\n' +
      '  bird-ready   fail    BIRD is not ready: BGP not established with 10.0.0.4',
  );
  assert.equal(
    firstRunText(
      event({
        run: 1,
        kind: 'transition',
        from: 'failure',
        to: 'success',
        outcome: 'success',
        streak: 1,
        changes: [],
        results: [passing, warned],
      }),
      'ready',
      PLAIN,
      true,
    ),
    '2026-11-21T21:30:05.123Z not ready → ready after 1 consecutive success (run 1): calico/node is ready (1 warning: bird-ready: graceful restart in progress)\n' +
      '  bird-ready   warn    BIRD is ready\n' +
      '               warning graceful restart in progress',
  );
});
