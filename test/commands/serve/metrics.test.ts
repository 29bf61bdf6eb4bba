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

test('peer transitions: a flip counts one, the same state with a new since counts two, first sighting zero', () => {
  const metrics = new ServeMetrics();
  const peer = (established: boolean, since: string) => ({
    name: 'Mesh_10_0_0_2',
    address: '10.0.0.2',
    port: null,
    family: 'ipv4' as const,
    type: 'mesh' as const,
    state: established ? 'up' : 'start',
    bgpState: established ? 'Established' : 'Active',
    since,
    info: '',
    established,
  });
  const count = () =>
    /^calico_probe_bgp_peer_transitions_total\{peer="Mesh_10_0_0_2",address="10.0.0.2",type="mesh",family="ipv4"\} (\d+)$/m.exec(
      metrics.render(),
    )?.[1];
  assert.doesNotMatch(metrics.render(), /transitions_total/, 'no peer seen yet, no series');
  metrics.observePeers([peer(true, '10:00:00')]);
  assert.equal(count(), '0');
  metrics.observePeers([peer(true, '10:00:00')]);
  assert.equal(count(), '0');
  metrics.observePeers([peer(false, '10:00:05')]);
  assert.equal(count(), '1');
  metrics.observePeers([peer(false, '10:00:09')]);
  assert.equal(count(), '3', 'came back and went down again between two runs');
  metrics.observePeers([]);
  assert.equal(count(), '3', 'a run without peers (BIRD did not answer) keeps the count');
  const result = spawnSync('promtool', ['check', 'metrics'], { input: metrics.render(), encoding: 'utf8' });
  if (!result.error) assert.equal(result.status, 0, result.stdout + result.stderr);
});
