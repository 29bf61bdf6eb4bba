// The exposition's shape, checked by hand and by the real consumer: promtool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { escapeLabel, renderPrometheus } from '../../src/report/prometheus.ts';
import type { CheckResult } from '../../src/checks/types.ts';
import { need } from '../support/needs.ts';
import { calicoPeer } from '../support/calico-peer.ts';

const results: CheckResult[] = [
  {
    name: 'felix-ready',
    status: 'fail',
    message: 'felix is not ready: readiness probe reporting 503',
    durationMs: 4,
    warnings: [],
    layers: [],
    details: {
      url: 'http://localhost:9099/readiness',
      httpStatus: 503,
      reporters: [
        {
          name: 'FelixStartup',
          timeout: '-',
          liveness: 'reporting live',
          readiness: 'reporting ready',
          detail: '',
          live: true,
          ready: true,
        },
        { name: 'Odd "name"\\x', timeout: '-', liveness: 'timed out', readiness: 'timed out', detail: '', live: false, ready: false },
      ],
    },
  },
  {
    name: 'bird-ready',
    status: 'warn',
    message: 'ok',
    durationMs: 12.5,
    warnings: ['x'],
    layers: [],
    details: {
      socket: '/var/run/calico/bird.ctl',
      nodenameFile: '/var/lib/calico/nodename',
      family: 'ipv4',
      routerId: '10.0.0.1',
      birdVersion: 'v0.3.3+birdv1.6.8',
      peers: [
        calicoPeer('Mesh_10_0_0_2', '10.0.0.2', 'ipv4', true),
        calicoPeer('Node_10_0_0_4', '10.0.0.4', 'ipv4', false),
        calicoPeer('Mesh_fd00__2', 'fd00::2', 'ipv6', true),
      ],
    },
  },
];

const text = renderPrometheus(results, { timestampSeconds: 1_790_000_000.5, nodeName: 'worker-1' });

test('one info series names the node, its router id and BIRD version', () => {
  assert.match(text, /^calico_probe_node_info\{node="worker-1",router_id="10.0.0.1",bird_version="v0.3.3\+birdv1.6.8"\} 1$/m);
  assert.equal(text.match(/^calico_probe_node_info\{/gm)?.length, 1);
  const noBird = renderPrometheus(results.slice(0, 1), { timestampSeconds: 1 });
  assert.match(noBird, /^calico_probe_node_info\{node="",router_id="",bird_version=""\} 1$/m, 'no BIRD answered, no name known');
});

test('one sample per check, success 1 for pass and warn', () => {
  assert.match(text, /^calico_probe_check_success\{check="felix-ready"\} 0$/m);
  assert.match(text, /^calico_probe_check_success\{check="bird-ready"\} 1$/m);
  assert.match(text, /^calico_probe_check_duration_seconds\{check="bird-ready"\} 0\.0125$/m);
  assert.match(text, /^calico_probe_last_run_timestamp_seconds 1790000000\.5$/m);
});

test('peer counts per family and state, and per-peer series', () => {
  assert.match(text, /^calico_probe_bgp_peers\{family="ipv4",state="established"\} 1$/m);
  assert.match(text, /^calico_probe_bgp_peers\{family="ipv4",state="not_established"\} 1$/m);
  assert.match(text, /^calico_probe_bgp_peers\{family="ipv6",state="not_established"\} 0$/m);
  assert.match(text, /^calico_probe_bgp_peer_established\{peer="Node_10_0_0_4",address="10.0.0.4",type="mesh",family="ipv4"\} 0$/m);
  assert.match(text, /^calico_probe_felix_reporter_ok\{reporter="Odd \\"name\\"\\\\x",probe="readiness"\} 0$/m);
});

test('HELP and TYPE precede every metric exactly once; no timestamps', () => {
  for (const name of new Set([...text.matchAll(/^(calico_probe_\w+)[{ ]/gm)].map((m) => m[1]))) {
    assert.equal(text.split(`# TYPE ${name} gauge\n`).length, 2, name);
    assert.ok(text.indexOf(`# HELP ${name} `) < text.indexOf(`\n${name}`), name);
  }
  // A sample is `name{labels} value`: a third field would be a timestamp.
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
    assert.match(line, /^[a-z_]+(\{(?:[a-z_]+="(?:[^"\\]|\\.)*",?)*\})? -?[\d.e+]+$/, line);
  }
});

test('label escaping', () => {
  assert.equal(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
});

test('promtool check metrics accepts it', (t) => {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  if (!need(t, probe.error && 'promtool is not installed (Debian package prometheus)')) return;
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.equal((run.stdout + run.stderr).trim(), '');
});

test('a peer two checks report (both sockets on one BIRD 2) is one series, counted once', () => {
  const shared = calicoPeer('Mesh_fd00__2', 'fd00::2', 'ipv6', true);
  const twice: CheckResult[] = (['bird-ready', 'bird6-ready'] as const).map((name) => ({
    name,
    status: 'pass',
    message: 'ok',
    durationMs: 1,
    warnings: [],
    layers: [],
    details: { socket: 's', nodenameFile: 'n', family: 'ipv4', peers: [shared] },
  }));
  const out = renderPrometheus(twice, { timestampSeconds: 1 });
  assert.equal(out.match(/^calico_probe_bgp_peer_established\{/gm)?.length, 1);
  assert.match(out, /^calico_probe_bgp_peers\{family="ipv6",state="established"\} 1$/m);
});
