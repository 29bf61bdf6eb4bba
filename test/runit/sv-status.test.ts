import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import fc from 'fast-check';
import { parseSvStatus, type SvStatus } from '../../src/runit/sv-status.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/runit/${name}.txt`, import.meta.url), 'utf8');

type Expected = Pick<SvStatus, 'state' | 'want' | 'normallyUp' | 'paused'> & { pid: 'some' | null; error?: string };

// Lines captured from a real runsv by test/fixtures/runit/capture.sh; pids and uptimes vary per
// capture, so they are checked against the line's own numbers (and against the .bin files in
// status-file.test.ts), the rest literally.
const CAPTURED: Record<string, Expected> = {
  running: { state: 'up', pid: 'some', want: 'up', normallyUp: true, paused: false },
  'running-with-log': { state: 'up', pid: 'some', want: 'up', normallyUp: true, paused: false },
  'running-normally-down': { state: 'up', pid: 'some', want: 'up', normallyUp: false, paused: false },
  paused: { state: 'up', pid: 'some', want: 'up', normallyUp: true, paused: true },
  'want-down': { state: 'stopping', pid: 'some', want: 'down', normallyUp: true, paused: false },
  'down-normally-up': { state: 'down', pid: null, want: 'down', normallyUp: true, paused: false },
  'down-file': { state: 'down', pid: null, want: 'down', normallyUp: false, paused: false },
  'crash-loop-down': { state: 'down', pid: null, want: 'up', normallyUp: true, paused: false },
  finish: { state: 'stopping', pid: 'some', want: 'up', normallyUp: true, paused: false },
  'no-runsv': { state: 'unknown', pid: null, want: null, normallyUp: null, paused: false, error: 'runsv not running' },
  'no-supervise': {
    state: 'unknown',
    pid: null,
    want: null,
    normallyUp: null,
    paused: false,
    error: 'unable to open supervise/ok: file does not exist',
  },
  'no-service-dir': {
    state: 'unknown',
    pid: null,
    want: null,
    normallyUp: null,
    paused: false,
    error: 'unable to change to service directory: file does not exist',
  },
  'access-denied': {
    state: 'unknown',
    pid: null,
    want: null,
    normallyUp: null,
    paused: false,
    error: 'unable to open supervise/ok: access denied',
  },
};

for (const [name, expected] of Object.entries(CAPTURED)) {
  test(`sv status, captured: ${name}`, () => {
    const text = fixture(name);
    const line = text.trim();
    const result = parseSvStatus(text);
    assert.equal(result.raw, line);
    assert.equal(result.state, expected.state);
    assert.equal(result.want, expected.want);
    assert.equal(result.normallyUp, expected.normallyUp);
    assert.equal(result.paused, expected.paused);
    assert.equal(result.error, expected.error);
    const pid = /\(pid (\d+)\)/.exec(line)?.[1];
    assert.equal(result.pid, expected.pid === null ? null : Number(pid));
    if (expected.state === 'unknown') assert.equal(result.uptimeSeconds, null);
    else assert.equal(result.uptimeSeconds, Number(/ (\d+)s/.exec(line)?.[1]));
  });
}

// The line shapes `sv status` prints (run, down, finish; want down, got TERM, normally up, a log
// service; its fail: and warning: lines), with the service paths calico/node uses.
const DOCUMENTED: Array<[string, Partial<SvStatus>]> = [
  ['run: /etc/service/enabled/bird: (pid 123) 4567s', { state: 'up', pid: 123, uptimeSeconds: 4567, want: 'up', normallyUp: true }],
  ['run: /etc/service/enabled/bird: (pid 123) 4567s; run: log: (pid 100) 4567s', { state: 'up', pid: 123, uptimeSeconds: 4567 }],
  ['run: /etc/service/enabled/confd: (pid 77) 3s, want down', { state: 'stopping', pid: 77, want: 'down' }],
  ['run: /etc/service/enabled/confd: (pid 77) 3s, want down, got TERM', { state: 'stopping', pid: 77, want: 'down' }],
  ['down: /etc/service/enabled/bird: 2s, normally up', { state: 'down', pid: null, uptimeSeconds: 2, normallyUp: true }],
  ['down: /etc/service/enabled/confd: 0s', { state: 'down', normallyUp: false, want: 'down' }],
  ['down: /etc/service/enabled/bird: 3s, normally up; run: log: (pid 100) 4567s', { state: 'down', uptimeSeconds: 3 }],
  ['finish: /etc/service/enabled/bird: (pid 321) 0s', { state: 'stopping', pid: 321 }],
  ['finish: /etc/service/enabled/bird: (pid 321) 0s, want down', { state: 'stopping', want: 'down' }],
  [
    'fail: /etc/service/enabled/felix: unable to change to service directory: file does not exist',
    { state: 'unknown', error: 'unable to change to service directory: file does not exist' },
  ],
  [
    'warning: /etc/service/enabled/felix: unable to open supervise/ok: file does not exist',
    { state: 'unknown', error: 'unable to open supervise/ok: file does not exist' },
  ],
];

for (const [line, expected] of DOCUMENTED) {
  test(`sv status, documented: ${line}`, () => {
    const result = parseSvStatus(`${line}\n`);
    for (const [key, value] of Object.entries(expected)) assert.deepEqual(result[key as keyof SvStatus], value, key);
    assert.equal(result.raw, line);
  });
}

test('sv status: nothing or something else is unknown, with the reason', () => {
  assert.deepEqual(parseSvStatus(''), {
    state: 'unknown',
    pid: null,
    uptimeSeconds: null,
    want: null,
    normallyUp: null,
    paused: false,
    raw: '',
    error: 'sv printed nothing',
  });
  const other = parseSvStatus('bash: line 1: sv: command not found\n');
  assert.equal(other.state, 'unknown');
  assert.equal(other.error, 'unrecognised sv output: bash: line 1: sv: command not found');
  assert.equal(parseSvStatus('run: bird: (pid x) 1s').state, 'unknown');
});

test('sv status: only the first non-empty line counts', () => {
  const result = parseSvStatus('\nrun: bird: (pid 5) 9s\ndown: confd: 1s, normally up\n');
  assert.equal(result.state, 'up');
  assert.equal(result.pid, 5);
});

test('sv status: never throws', () => {
  fc.assert(fc.property(fc.string(), (text) => typeof parseSvStatus(text).state === 'string'));
  fc.assert(
    fc.property(
      fc.constantFrom('run: ', 'down: ', 'finish: ', 'fail: ', 'warning: '),
      fc.string(),
      (prefix, rest) => typeof parseSvStatus(prefix + rest).raw === 'string',
    ),
  );
});
