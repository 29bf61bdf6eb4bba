// The JSON Schema of `-o json` (src/report/calico-probe.schema.json): it ships with the package,
// names the version the renderer writes, and accepts every shape of details the checks build,
// while rejecting what would break a consumer. Every real scenario's document is validated in
// test/integration/monitoring.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JSON_SCHEMA_VERSION, jsonReport } from '../../src/report/json.ts';
import type { CalicoPeer } from '../../src/bird/index.ts';
import type { CheckResult } from '../../src/checks/types.ts';
import type { ServiceStatus } from '../../src/runit/supervise.ts';
import { SCHEMA, schemaErrors } from '../support/json-schema.ts';

const base = { durationMs: 3, warnings: [], layers: [] };
const peer: CalicoPeer = {
  name: 'Node_10_0_0_6_port_1790',
  address: '10.0.0.6',
  port: 1790,
  family: 'ipv4',
  type: 'node',
  state: 'up',
  bgpState: 'Established',
  since: '20:13:53',
  info: 'Established',
  established: true,
};
const reporter = {
  name: 'FelixStartup',
  timeout: '-',
  liveness: 'reporting live',
  readiness: 'reporting ready',
  detail: '',
  live: true,
  ready: true,
};
const service: ServiceStatus = {
  service: 'bird',
  dir: '/etc/service/enabled/bird',
  source: 'supervise',
  state: 'up',
  pid: 123,
  uptimeSeconds: 4567,
  want: 'up',
  normallyUp: true,
  paused: false,
  raw: 'run: /etc/service/enabled/bird: (pid 123) 4567s',
};

const results: CheckResult[] = [
  {
    ...base,
    name: 'felix-live',
    status: 'pass',
    message: 'Felix reports live (HTTP 200)',
    details: { url: 'http://localhost:9099/liveness', httpStatus: 200, reporters: [reporter] },
  },
  {
    ...base,
    name: 'felix-ready',
    status: 'fail',
    message: 'felix is not ready: GET …: connection refused',
    details: { url: 'http://localhost:9099/readiness' },
  },
  {
    ...base,
    name: 'bird-live',
    status: 'unknown',
    message: 'bird/confd is not live: cannot read …',
    details: {
      socket: '/var/run/calico/bird.ctl',
      serviceDir: '/etc/service/enabled',
      services: [
        service,
        {
          ...service,
          service: 'confd',
          state: 'unknown',
          pid: null,
          uptimeSeconds: null,
          want: null,
          normallyUp: null,
          source: 'sv',
          error: 'access denied',
        },
      ],
    },
  },
  {
    ...base,
    name: 'bird6-live',
    status: 'fail',
    message: 'bird6 is not live: check did not finish within the 4s deadline',
    details: { pending: true },
  },
  {
    ...base,
    name: 'bird-ready',
    status: 'warn',
    message: 'BGP established with 1 of 2 peers',
    warnings: ['BGP not established with 10.0.0.4'],
    details: {
      socket: '/var/run/calico/bird.ctl',
      nodenameFile: '/var/lib/calico/nodename',
      windowOpen: false,
      nodenameAgeSeconds: 120,
      peers: [peer, { ...peer, port: null, bgpState: null, established: false }],
      established: 1,
      grRecovery: false,
    },
  },
  {
    ...base,
    name: 'bird6-ready',
    status: 'unknown',
    message: 'internal error: boom (a bug in calico-probe: please report it)',
    details: {},
  },
];

test('every shape of details the checks build is valid, strictly too', () => {
  assert.deepEqual(schemaErrors(jsonReport(results, 41.6)), []);
  const windowError = {
    ...base,
    name: 'bird-ready',
    status: 'fail',
    message: 'BIRD is not ready: failed to stat() nodename file: …',
    details: { socket: '/s', nodenameFile: '/n' },
  } as const;
  assert.deepEqual(schemaErrors(jsonReport([windowError], 1)), []);
});

test('an expected failure carries `expected` on the run and on the excused check, strictly valid', () => {
  const expected = {
    reason: 'shutting-down',
    detail: 'shutdown marker /var/lib/calico/shutdownTS written 2026-12-03T07:00:00Z',
    since: '2026-12-03T07:00:00Z',
  } as const;
  const failing = {
    ...base,
    name: 'bird-ready',
    status: 'fail',
    message: 'BIRD is not ready: …',
    details: { socket: '/s', nodenameFile: '/n' },
    expected,
  } as const;
  const doc = jsonReport([failing], 1, expected);
  assert.deepEqual(schemaErrors(doc), []);
  assert.deepEqual(doc.expected, expected);
  assert.deepEqual(
    schemaErrors({ ...doc, expected: { ...expected, reason: 'maintenance' } }).length > 0,
    true,
    'an unknown reason is rejected',
  );
});

test('the schema is the version the renderer writes, and ships in the package', () => {
  assert.equal((SCHEMA.properties as { schemaVersion: { const: number } }).schemaVersion.const, JSON_SCHEMA_VERSION);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('src/report/calico-probe.schema.json'));
});

test('a new field is accepted as published (consumers ignore it) but fails the strict check', () => {
  const doc = { ...jsonReport(results, 1), addedLater: true };
  const errors = schemaErrors(doc);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0] as string, /^strict: \/ must NOT have unevaluated properties/);
});

test('breaking changes are rejected', () => {
  const doc = jsonReport(results, 1);
  const broken = [
    { ...doc, schemaVersion: 2 },
    { ...doc, status: 'ok' },
    { ...doc, exitCode: 2 },
    { ...doc, checks: [] },
    { ...doc, checks: [{ ...doc.checks[0], name: 'felix' }] },
    { ...doc, checks: [{ ...doc.checks[4], details: { ...doc.checks[4]?.details, peers: [{ ...peer, port: '1790' }] } }] },
    { ...doc, checks: [{ ...doc.checks[0], durationMs: 1.5 }] },
  ];
  for (const bad of broken) {
    assert.ok(
      schemaErrors(bad).some((e) => e.startsWith('published: ')),
      JSON.stringify(bad).slice(0, 200),
    );
  }
});
