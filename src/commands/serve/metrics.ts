// serve's own metrics, appended to the last results' exposition on /metrics: requests by path
// and status code, probe runs, and how long runs take. Counters and a histogram, HELP and TYPE
// once each, low-cardinality labels only (a fixed set of paths and probes: see routes.ts).
import { escapeLabel } from '../../report/prometheus.ts';
import type { ProbeKind } from '../../checks/types.ts';

const PROBES: readonly ProbeKind[] = ['live', 'ready'];
/** Upper bounds in seconds: a healthy run takes milliseconds, a stalled one the whole --timeout. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export class ServeMetrics {
  readonly #requests = new Map<string, number>();
  readonly #runs: Record<ProbeKind, number> = { live: 0, ready: 0 };
  readonly #durations: Record<ProbeKind, Histogram> = { live: emptyHistogram(), ready: emptyHistogram() };

  /** `path` must be one of a few fixed labels (routes.ts), never the raw URL. */
  countRequest(path: string, code: number): void {
    const key = `${path} ${code}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
  }

  observeRun(probe: ProbeKind, seconds: number): void {
    this.#runs[probe] += 1;
    const histogram = this.#durations[probe];
    histogram.count += 1;
    histogram.sum += seconds;
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) histogram.counts[i] = (histogram.counts[i] ?? 0) + 1;
    });
  }

  render(): string {
    const requests = [...this.#requests]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, value]) => {
        const [path = '', code = ''] = key.split(' ');
        return `calico_probe_serve_requests_total{path="${escapeLabel(path)}",code="${code}"} ${value}`;
      });
    return [
      '# HELP calico_probe_serve_requests_total HTTP requests answered by calico-probe serve, by path and status code.',
      '# TYPE calico_probe_serve_requests_total counter',
      ...requests,
      '# HELP calico_probe_serve_check_runs_total Probe runs by calico-probe serve (each runs all checks of the probe once).',
      '# TYPE calico_probe_serve_check_runs_total counter',
      ...PROBES.map((probe) => `calico_probe_serve_check_runs_total{probe="${probe}"} ${this.#runs[probe]}`),
      '# HELP calico_probe_serve_check_duration_seconds How long a probe run of calico-probe serve took.',
      '# TYPE calico_probe_serve_check_duration_seconds histogram',
      ...PROBES.flatMap((probe) => histogramLines(probe, this.#durations[probe])),
      '',
    ].join('\n');
  }
}

function emptyHistogram(): Histogram {
  return { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
}

function histogramLines(probe: ProbeKind, { counts, sum, count }: Histogram): string[] {
  const name = 'calico_probe_serve_check_duration_seconds';
  return [
    ...BUCKETS.map((bound, i) => `${name}_bucket{probe="${probe}",le="${bound}"} ${counts[i] ?? 0}`),
    `${name}_bucket{probe="${probe}",le="+Inf"} ${count}`,
    `${name}_sum{probe="${probe}"} ${sum}`,
    `${name}_count{probe="${probe}"} ${count}`,
  ];
}
