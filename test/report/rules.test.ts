// The rules shipped next to the JSON schema (src/report/calico-probe.rules.yml), checked and
// unit-tested by the real promtool: each alert fires on its scenario, and not before its `for`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requirePrometheus } from '../support/prometheus-server.ts';

const RULES = fileURLToPath(new URL('../../src/report/calico-probe.rules.yml', import.meta.url));
const UNIT_TESTS = fileURLToPath(new URL('../fixtures/rules/calico-probe.rules.test.yml', import.meta.url));

test('promtool check rules accepts the shipped rules', (t) => {
  if (!requirePrometheus(t)) return;
  const run = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /SUCCESS: 11 rules found/);
});

test('promtool test rules: not ready (expected excluded), session down, suspect, flapping, stale', (t) => {
  if (!requirePrometheus(t)) return;
  const run = spawnSync('promtool', ['test', 'rules', UNIT_TESTS], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /SUCCESS/);
});

test('every alert of the file is unit-tested, and the package ships the file', () => {
  const alerts = [...readFileSync(RULES, 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
  const tested = readFileSync(UNIT_TESTS, 'utf8');
  for (const alert of alerts) assert.match(tested, new RegExp(`alertname: ${alert}\\b`), alert);
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('src/report/calico-probe.rules.yml'));
});
