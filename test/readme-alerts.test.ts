// The alert rules README.md recommends, checked and unit-tested by promtool: a failing check,
// a textfile gone stale (cron stopped) and a peer down must each fire, and not before their `for`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireMonitoringTools } from './support/monitoring-tools.ts';

const UNIT_TESTS = `
rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'calico_probe_check_success{check="bird-ready",instance="node-1"}'
        values: '1 1 0x20'
      # cron writes every minute until minute 4, then stops: the timestamp stays at 240
      - series: 'calico_probe_last_run_timestamp_seconds{instance="node-1"}'
        values: '0+60x4 240x20'
      - series: 'calico_probe_bgp_peer_established{peer="Node_10_0_0_4",type="node",family="ipv4",instance="node-1"}'
        values: '1x5 0x20'
      - series: 'calico_probe_expected_unready{reason="shutting-down",instance="node-1"}'
        values: '0x25'
      # node-2 is shutting down: its failing check and its peer down are expected, no alert
      - series: 'calico_probe_check_success{check="bird-ready",instance="node-2"}'
        values: '1 1 0x20'
      - series: 'calico_probe_bgp_peer_established{peer="Node_10_0_0_5",type="node",family="ipv4",instance="node-2"}'
        values: '1x5 0x20'
      - series: 'calico_probe_expected_unready{reason="shutting-down",instance="node-2"}'
        values: '0 0 1x20'
      - series: 'calico_probe_expected_unready{reason="node-deleting",instance="node-2"}'
        values: '0x25'
      - series: 'calico_probe_last_run_timestamp_seconds{instance="node-2"}'
        values: '0+60x25'
    alert_rule_test:
      - { eval_time: 6m, alertname: CalicoNodeCheckFailing, exp_alerts: [] }
      - eval_time: 8m
        alertname: CalicoNodeCheckFailing
        exp_alerts:
          - exp_labels: { severity: warning, check: bird-ready, instance: node-1 }
            exp_annotations: { summary: "calico-probe bird-ready failing on node-1" }
      - { eval_time: 14m, alertname: CalicoProbeNotRunning, exp_alerts: [] }
      - eval_time: 16m
        alertname: CalicoProbeNotRunning
        exp_alerts:
          - exp_labels: { severity: warning, instance: node-1 }
            exp_annotations: { summary: "calico-probe has not updated its textfile on node-1 for 10 minutes" }
      - { eval_time: 15m, alertname: CalicoBGPPeerDown, exp_alerts: [] }
      - eval_time: 17m
        alertname: CalicoBGPPeerDown
        exp_alerts:
          - exp_labels: { severity: warning, peer: Node_10_0_0_4, type: node, family: ipv4, instance: node-1 }
            exp_annotations: { summary: "BGP peer Node_10_0_0_4 not Established on node-1" }
`;

test("README's alert rules are valid and fire when they should", async (t) => {
  if (!requireMonitoringTools(t)) return;
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const rules = /```yaml\n(groups:\n[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(rules, 'README.md has a ```yaml block starting with groups:');
  const dir = await mkdtemp(join(tmpdir(), 'cp-alerts-'));
  try {
    await writeFile(join(dir, 'rules.yml'), rules);
    await writeFile(join(dir, 'tests.yml'), UNIT_TESTS);
    const check = spawnSync('promtool', ['check', 'rules', 'rules.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const run = spawnSync('promtool', ['test', 'rules', 'tests.yml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
