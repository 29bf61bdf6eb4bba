// The watch loop: run the probe, apply the kubelet's thresholds, report, wait out the period.
// Stops after --count runs or when `signal` fires (Ctrl-C, SIGTERM); a run cut short by the
// signal counts for nothing. The exit code is that of the state when it stops.
import { setTimeout as delay } from 'node:timers/promises';
import { CHECKS } from '../../checks/index.ts';
import { ExitCode, exitCodeFor } from '../../report/exit-codes.ts';
import { runChecks } from '../../checks/run.ts';
import type { CheckResult } from '../../checks/types.ts';
import { describeChanges } from './changes.ts';
import type { WatchConfig } from './config.ts';
import type { WatchEvent } from './format.ts';
import { initialState, step, type ProbeResult, type ThresholdState } from './machine.ts';

export interface LoopHooks {
  signal: AbortSignal;
  onRunStart(run: number): void;
  onEvent(event: WatchEvent): void;
}

export async function watchLoop(config: WatchConfig, hooks: LoopHooks): Promise<{ state: ThresholdState; exitCode: number }> {
  const { signal } = hooks;
  let state = initialState(config.kind);
  let failureCode: number = ExitCode.Unhealthy;
  // The latest results of each outcome, so a transition can say what changed since the old state.
  const latest: Partial<Record<ProbeResult, CheckResult[]>> = {};
  while (!signal.aborted && (config.count === null || state.runs < config.count)) {
    const started = performance.now();
    hooks.onRunStart(state.runs + 1);
    const results = await runChecks(config.probe, CHECKS, { budgetMs: config.probe.timeoutMs, signal });
    if (signal.aborted) break;
    const code = exitCodeFor(results.map((r) => r.status));
    const outcome: ProbeResult = code === ExitCode.Healthy ? 'success' : 'failure';
    if (outcome === 'failure') failureCode = code;
    const from = state.state;
    const { next, changed } = step(state, outcome, config.thresholds);
    state = next;
    const changes = changed ? describeChanges(latest[from], results) : [];
    latest[outcome] = results;
    const durationMs = performance.now() - started;
    hooks.onEvent({
      kind: changed ? 'transition' : 'run',
      time: new Date(),
      run: state.runs,
      outcome,
      streak: state.streak,
      from,
      to: state.state,
      results,
      durationMs,
      changes,
    });
    if (config.count !== null && state.runs >= config.count) break;
    await pause(config.periodMs - (performance.now() - started), signal);
  }
  return { state, exitCode: state.state === 'success' ? ExitCode.Healthy : failureCode };
}

/** Waits `ms` (if positive), or less when the signal fires. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await delay(ms, undefined, { signal }).catch((error: unknown) => {
    if ((error as Error).name !== 'AbortError') throw error;
  });
}
