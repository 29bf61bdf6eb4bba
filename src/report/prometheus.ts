// The Prometheus text exposition of one run's results (README, Monitoring):
// gauges only, HELP and TYPE before each metric's samples, no sample timestamps (the
// textfile collector rejects them), label values escaped.
import type { CalicoPeer } from '../bird/index.ts';
import type { CheckResult, ExpectedReason, RunContext } from '../checks/types.ts';
import { runExpected } from './expected.ts';

const EXPECTED_REASONS: readonly ExpectedReason[] = ['shutting-down', 'node-deleting'];
import { distinctPeers, peerCounts, reporterStates } from './peers.ts';

interface Sample {
  labels: Record<string, string>;
  value: number;
}

interface Metric {
  name: string;
  help: string;
  samples: Sample[];
}

export function renderPrometheus(
  results: readonly CheckResult[],
  { timestampSeconds, context }: { timestampSeconds: number; context?: RunContext | undefined },
): string {
  const peers = distinctPeers(results);
  const expected = context === undefined ? null : runExpected(results, context);
  const metrics: Metric[] = [
    {
      name: 'calico_probe_check_success',
      help: 'Whether the check passed (1, warnings allowed) or not (0).',
      samples: results.map((r) => ({ labels: { check: r.name }, value: r.status === 'pass' || r.status === 'warn' ? 1 : 0 })),
    },
    {
      name: 'calico_probe_check_duration_seconds',
      help: 'How long the check took.',
      samples: results.map((r) => ({ labels: { check: r.name }, value: r.durationMs / 1000 })),
    },
    { name: 'calico_probe_bgp_peers', help: 'Calico BGP peers by address family and state.', samples: peerCountSamples(peers) },
    {
      name: 'calico_probe_bgp_peer_established',
      help: 'Whether a Calico BGP peer is Established (1) or not (0).',
      samples: peers.map((p) => ({ labels: { peer: p.name, type: p.type, family: p.family }, value: p.established ? 1 : 0 })),
    },
    {
      name: 'calico_probe_felix_reporter_ok',
      help: 'Whether a Felix health reporter is live or ready (1) or not (0).',
      samples: reporterStates(results).map(({ reporter, probe, ok }) => ({ labels: { reporter, probe }, value: ok ? 1 : 0 })),
    },
    {
      // Both reasons, always, so alert rules can join on `== 0` (README, "Alert rules").
      name: 'calico_probe_expected_unready',
      help: 'Whether failing readiness is expected (1) because the node is shutting down or being deleted, or not (0).',
      samples: EXPECTED_REASONS.map((reason) => ({ labels: { reason }, value: expected?.reason === reason ? 1 : 0 })),
    },
    {
      name: 'calico_probe_last_run_timestamp_seconds',
      help: 'When calico-probe last ran, in seconds since the Unix epoch.',
      samples: [{ labels: {}, value: timestampSeconds }],
    },
  ];
  return metrics
    .filter((m) => m.samples.length > 0)
    .map(renderMetric)
    .join('');
}

function renderMetric({ name, help, samples }: Metric): string {
  const lines = [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} gauge`];
  for (const { labels, value } of samples) {
    const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabel(v)}"`);
    lines.push(`${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Both states for every family a BGP check reported peers for, so a zero is a zero, not a gap. */
function peerCountSamples(peers: readonly CalicoPeer[]): Sample[] {
  return peerCounts(peers).flatMap(({ family, established, total }) => [
    { labels: { family, state: 'established' }, value: established },
    { labels: { family, state: 'not_established' }, value: total - established },
  ]);
}

/** Label values escape backslash, double quote and newline (the exposition format's rule). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}
