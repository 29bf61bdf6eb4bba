// The live and ready probes behind /livez and /readyz: the CLI's checks run by runChecks, one
// run at a time per probe, reused for --min-interval, rendered once per run (not per request).
// Every run is counted in the metrics; a change of verdict is logged, nothing else.
import { CHECKS } from '../../checks/index.ts';
import { exitCodeFor, ExitCode, overallStatus } from '../../report/exit-codes.ts';
import { CHECK_PREFIX } from '../../checks/wording.ts';
import { renderJson } from '../../report/json.ts';
import { PLAIN } from '../../report/paint.ts';
import { renderText } from '../../report/text.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult, CheckRunConfig, ContextConfig, ProbeKind, RunContext, Transport } from '../../checks/types.ts';
import { applyContext, contextFor, NO_CONTEXT, type NodeView } from '../../context/index.ts';
import { runExpected } from '../../report/expected.ts';
import type { Log } from './log.ts';
import type { ServeMetrics } from './metrics.ts';
import type { ServeConfig } from './config.ts';
import { SingleFlight } from './single-flight.ts';

/** One run's answer, ready to send. */
export interface ProbeAnswer {
  results: CheckResult[];
  /** The node's lifecycle when a check failed (README, "Expected unready"). */
  context: RunContext;
  healthy: boolean;
  /** Wall-clock end of the run, for calico_probe_last_run_timestamp_seconds. */
  finishedAtMs: number;
  text: Buffer;
  json: Buffer;
}

/** Kept back from --timeout so the answer is written before the deadline, not at it. */
const RESPONSE_RESERVE_MS = 20;

export class Prober {
  readonly #flights: Record<ProbeKind, SingleFlight<ProbeAnswer>>;
  readonly #notYet: ProbeAnswer;
  readonly #transport: Transport;
  readonly #metrics: ServeMetrics;
  readonly #log: Log;

  readonly #nodeView: (() => NodeView) | undefined;

  constructor(config: ServeConfig, transport: Transport, metrics: ServeMetrics, log: Log, nodeView?: () => NodeView) {
    this.#nodeView = nodeView;
    this.#transport = transport;
    this.#metrics = metrics;
    this.#log = log;
    this.#flights = {
      live: new SingleFlight(() => this.#run('live', config.live), config.minIntervalMs),
      ready: new SingleFlight(() => this.#run('ready', config.ready), config.minIntervalMs),
    };
    this.#notYet = render(config.ready.checks.map(notYetRun), 0, NO_CONTEXT);
  }

  /** Starts both probes, so /readyz has a verdict as soon as possible. */
  warmUp(): void {
    for (const flight of Object.values(this.#flights)) this.#start(flight);
  }

  /**
   * The answer for `kind`: a fresh enough result or the run in flight. /readyz does not wait for
   * the very first run: until it completes the answer is "not ready" (readiness starts failed).
   */
  answer(kind: ProbeKind): Promise<ProbeAnswer> {
    const flight = this.#flights[kind];
    if (kind === 'ready' && flight.last === undefined) {
      this.#start(flight);
      return Promise.resolve(this.#notYet);
    }
    return flight.get();
  }

  /** A run nobody waits for: a failure (a bug; runChecks itself never rejects) must not end the process. */
  #start(flight: SingleFlight<ProbeAnswer>): void {
    flight
      .get()
      .catch((error: unknown) => this.#log('error', 'internal-error', { message: error instanceof Error ? error.message : String(error) }));
  }

  async #run(kind: ProbeKind, probe: CheckRunConfig & ContextConfig): Promise<ProbeAnswer> {
    const started = performance.now();
    const checked = await runChecks(probe, CHECKS, { budgetMs: probe.timeoutMs - RESPONSE_RESERVE_MS, transport: this.#transport });
    // The watch's view of the Node, never a request per probe; the marker is read as in the CLI.
    const context = await contextFor(probe, checked, {
      budgetMs: probe.timeoutMs - RESPONSE_RESERVE_MS - (performance.now() - started),
      ...(this.#nodeView !== undefined && { nodeView: this.#nodeView }),
    });
    const results = applyContext(checked, context);
    const durationMs = performance.now() - started;
    this.#metrics.observeRun(kind, durationMs / 1000);
    const outcome = render(results, durationMs, context);
    const from = this.#flights[kind].last;
    const [before, after] = [from === undefined ? 'none' : overallStatus(statuses(from)), overallStatus(statuses(outcome))];
    if (before !== after) this.#log('info', 'probe-changed', { probe: kind, from: before, to: after, verdict: firstLine(outcome) });
    return outcome;
  }

  /** Each probe's last result, for /metrics; no run is started. */
  lastResults(): ProbeAnswer[] {
    return Object.values(this.#flights).flatMap((flight) => flight.last ?? []);
  }

  /** Resolves once no run is in flight (shutdown waits for them: they end by their deadline). */
  async idle(): Promise<void> {
    await Promise.all(Object.values(this.#flights).map((flight) => flight.inFlight));
  }
}

function render(results: CheckResult[], durationMs: number, context: RunContext): ProbeAnswer {
  return {
    results,
    context,
    healthy: exitCodeFor(statuses({ results })) === ExitCode.Healthy,
    finishedAtMs: Date.now(),
    text: Buffer.from(renderText(results, { paint: PLAIN, verbose: false, quiet: false, context })),
    json: Buffer.from(renderJson(results, durationMs, runExpected(results, context))),
  };
}

function notYetRun(name: CheckResult['name']): CheckResult {
  const message = `${CHECK_PREFIX[name]}no result yet: the first check is still running`;
  return { name, status: 'unknown', message, durationMs: 0, details: { pending: true }, warnings: [], layers: [] };
}

const statuses = ({ results }: Pick<ProbeAnswer, 'results'>) => results.map((r) => r.status);
const firstLine = (outcome: ProbeAnswer): string => outcome.text.toString('utf8').split('\n', 1)[0] ?? '';
