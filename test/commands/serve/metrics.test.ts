// serve's own metrics: counters and a histogram in the exposition format, checked by promtool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { ServeMetrics } from '../../../src/commands/serve/metrics.ts';
import { need } from '../../support/needs.ts';

test('requests by path and code, runs by probe, cumulative duration buckets', () => {
  const metrics = new ServeMetrics();
  metrics.countRequest('/readyz', 200);
  metrics.countRequest('/readyz', 200);
  metrics.countRequest('other', 404);
  metrics.observeRun('ready', 0.004);
  metrics.observeRun('ready', 2);
  const text = metrics.render();
  assert.match(text, /^calico_probe_serve_requests_total\{path="\/readyz",code="200"\} 2$/m);
  assert.match(text, /^calico_probe_serve_requests_total\{path="other",code="404"\} 1$/m);
  assert.match(text, /^calico_probe_serve_check_runs_total\{probe="ready"\} 2$/m);
  assert.match(text, /^calico_probe_serve_check_runs_total\{probe="live"\} 0$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_bucket\{probe="ready",le="0.0025"\} 0$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_bucket\{probe="ready",le="0.005"\} 1$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_bucket\{probe="ready",le="2.5"\} 2$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_bucket\{probe="ready",le="\+Inf"\} 2$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_sum\{probe="ready"\} 2.004$/m);
  assert.match(text, /^calico_probe_serve_check_duration_seconds_count\{probe="ready"\} 2$/m);
});

test('promtool check metrics accepts it', (t) => {
  const metrics = new ServeMetrics();
  metrics.countRequest('/livez', 503);
  metrics.observeRun('live', 0.02);
  const result = spawnSync('promtool', ['check', 'metrics'], { input: metrics.render(), encoding: 'utf8' });
  if (!need(t, result.error && 'promtool is not installed (Debian package prometheus)')) return;
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
