import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import fc from 'fast-check';
import { parseReporters, type FelixReporter } from '../../src/felix/reporters.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/felix/${name}.txt`, import.meta.url), 'utf8');

const reporter = (name: string, timeout: string, liveness: string, readiness: string, detail = ''): FelixReporter => ({
  name,
  timeout,
  liveness,
  readiness,
  detail,
  live: liveness === 'reporting live' || liveness === '-',
  ready: readiness === 'reporting ready' || readiness === '-',
});

const HEALTHY = [
  reporter('CalculationGraph', '30s', 'reporting live', 'reporting ready'),
  reporter('FelixStartup', '-', 'reporting live', 'reporting ready'),
  reporter('InternalDataplaneMainLoop', '1m30s', 'reporting live', 'reporting ready'),
];

const DEGRADED = [
  reporter('BPFEndpointManager', '10s (override)', '-', 'reporting non-ready', 'Waiting for BPF programs to be attached to 3 interfaces'),
  reporter('CalculationGraph', '30s', 'reporting live', 'reporting ready'),
  reporter('FelixStartup', '-', '-', 'reporting ready'),
  reporter('InternalDataplaneMainLoop', '1m30s (override)', 'reporting non-live', 'timed out'),
];

test('bordered layout (centred headers, Calico ≤ v3.32)', () => {
  assert.deepEqual(parseReporters(fixture('bordered-healthy')), HEALTHY);
});

test('plain layout (left-aligned headers, after v3.32) parses the same', () => {
  assert.deepEqual(parseReporters(fixture('plain-healthy')), HEALTHY);
});

test('the reference table: InternalDataplaneMainLoop timed out on both', () => {
  const reporters = parseReporters(fixture('reference-timed-out'));
  assert.ok(reporters);
  assert.deepEqual(
    reporters.map((r) => [r.name, r.live, r.ready]),
    [
      ['CalculationGraph', true, true],
      ['FelixStartup', true, true],
      ['InternalDataplaneMainLoop', false, false],
    ],
  );
  assert.equal(reporters[2]?.liveness, 'timed out');
});

test('override timeouts, `-` (not reported) and a DETAIL wrapped over two lines', () => {
  assert.deepEqual(parseReporters(fixture('bordered-override-detail')), DEGRADED);
  assert.deepEqual(parseReporters(fixture('plain-override-detail')), DEGRADED);
  const [bpf, , startup, mainLoop] = DEGRADED;
  assert.deepEqual([bpf?.live, bpf?.ready], [true, false], '`-` liveness is not a failure');
  assert.deepEqual([startup?.live, startup?.ready], [true, true]);
  assert.deepEqual([mainLoop?.live, mainLoop?.ready], [false, false]);
});

test('a table without reporters is [] (Felix then reports live and ready)', () => {
  const empty = [
    '+-----------+---------+----------+-----------+--------+',
    '| COMPONENT | TIMEOUT | LIVENESS | READINESS | DETAIL |',
    '+-----------+---------+----------+-----------+--------+',
    '+-----------+---------+----------+-----------+--------+',
  ].join('\n');
  assert.deepEqual(parseReporters(empty), []);
});

test('columns are found by name, not position; CRLF and a trailing newline are fine', () => {
  const swapped = `${[
    '| READINESS           | COMPONENT        | LIVENESS       |',
    '|---------------------|------------------|----------------|',
    '| reporting non-ready | CalculationGraph | reporting live |',
  ].join('\r\n')}\r\n`;
  assert.deepEqual(parseReporters(swapped), [
    {
      name: 'CalculationGraph',
      timeout: '',
      liveness: 'reporting live',
      readiness: 'reporting non-ready',
      detail: '',
      live: true,
      ready: false,
    },
  ]);
});

test('a DETAIL holding `|` stays whole', () => {
  const body = [
    '| COMPONENT    | TIMEOUT | LIVENESS       | READINESS           | DETAIL        |',
    '| FelixStartup | -       | reporting live | reporting non-ready | waiting | a|b |',
  ].join('\n');
  assert.equal(parseReporters(body)?.[0]?.detail, 'waiting | a|b');
});

test('box-drawing borders (tablewriter v1 style) parse too', () => {
  const body = [
    '┌──────────────┬─────────┬────────────────┬─────────────────┬────────┐',
    '│  COMPONENT   │ TIMEOUT │    LIVENESS    │    READINESS    │ DETAIL │',
    '├──────────────┼─────────┼────────────────┼─────────────────┼────────┤',
    '│ FelixStartup │ -       │ reporting live │ reporting ready │        │',
    '└──────────────┴─────────┴────────────────┴─────────────────┴────────┘',
  ].join('\n');
  assert.deepEqual(parseReporters(body), [reporter('FelixStartup', '-', 'reporting live', 'reporting ready')]);
});

test('anything that is not a Felix table is null', () => {
  for (const body of [
    '',
    '404 page not found\n',
    '<html><body>Bad Gateway</body></html>',
    '{"status":"ok"}',
    'ok',
    '| NAME | STATE |\n| bird | up |',
    '| COMPONENT | TIMEOUT | LIVENESS | READINESS | DETAIL |\n| FelixStartup | - |',
  ]) {
    assert.equal(parseReporters(body), null, JSON.stringify(body));
  }
});

test('never throws', () => {
  const header = '| COMPONENT | TIMEOUT | LIVENESS | READINESS | DETAIL |\n';
  fc.assert(fc.property(fc.string(), (body) => parseReporters(body) === null || Array.isArray(parseReporters(body))));
  fc.assert(
    fc.property(fc.array(fc.constantFrom('|', ' ', 'x', '\n', '│', '+', '-')), (chars) => {
      const result = parseReporters(header + chars.join(''));
      return result === null || Array.isArray(result);
    }),
  );
});

test('a wrapped DETAIL line holding only rule characters is data, not a rule (found by the property test)', () => {
  const table = [
    '| COMPONENT | TIMEOUT |    LIVENESS    |    READINESS    |            DETAIL             |',
    '+-----------+---------+----------------+-----------------+-------------------------------+',
    '| A         | -       | reporting live | reporting ready | aaaaaaaa aaaa aa aaaaaaaaaaaa |',
    '|           |         |                |                 | -                             |',
    '|-----------|---------|----------------|-----------------|-------------------------------|',
  ].join('\n');
  assert.deepEqual(parseReporters(table), [reporter('A', '-', 'reporting live', 'reporting ready', 'aaaaaaaa aaaa aa aaaaaaaaaaaa -')]);
});
