// Pure: how watch events read. A transition is one timestamped line (log friendly); with -v
// every run gets one too. JSON output is one object per line.
//   2026-11-21T20:14:05.123Z ready → not ready after 3 consecutive failures (run 9): calico/node is not ready: … | changed: …
import { jsonReport } from '../../report/json.ts';
import { printable, type Paint } from '../../report/paint.ts';
import { verdictLine } from '../../report/verdict.ts';
import type { CheckResult } from '../../checks/types.ts';
import type { ProbeKind } from '../../checks/types.ts';
import type { ProbeResult } from './machine.ts';

export interface WatchEvent {
  kind: 'run' | 'transition';
  time: Date;
  run: number;
  outcome: ProbeResult;
  streak: number;
  /** The state before and after this run (equal for a run that did not flip it). */
  from: ProbeResult;
  to: ProbeResult;
  results: readonly CheckResult[];
  durationMs: number;
  /** For a transition: what differs from the last run that had the old outcome. */
  changes: string[];
}

export function stateWord(kind: ProbeKind, outcome: ProbeResult): string {
  const word = kind === 'ready' ? 'ready' : 'live';
  return outcome === 'success' ? word : `not ${word}`;
}

export function eventLine(event: WatchEvent, kind: ProbeKind, paint: Paint): string {
  const color = (outcome: ProbeResult, text: string) => paint.status(outcome === 'success' ? 'pass' : 'fail', text);
  const time = paint.dim(event.time.toISOString());
  const verdict = printable(verdictLine(event.results), 4096);
  if (event.kind === 'run') {
    return `${time} run ${event.run}: ${color(event.outcome, event.outcome)} (streak ${event.streak}), state ${stateWord(kind, event.to)}: ${verdict}`;
  }
  const plural = event.outcome === 'success' ? (event.streak === 1 ? 'success' : 'successes') : event.streak === 1 ? 'failure' : 'failures';
  const flip = `${stateWord(kind, event.from)} → ${color(event.to, stateWord(kind, event.to))}`;
  const changes = event.changes.length === 0 ? '' : ` | changed: ${event.changes.map((c) => printable(c)).join('; ')}`;
  return `${time} ${flip} after ${event.streak} consecutive ${plural} (run ${event.run}): ${verdict}${changes}`;
}

/**
 * The first run, whatever it did to the state: its line (the transition or -v line when it has
 * one, else the state and the verdict) and, indented, each check that failed or warned, so a
 * watch says why from the start (later lines say what changed).
 */
export function firstRunText(event: WatchEvent, kind: ProbeKind, paint: Paint, ownLine: boolean): string {
  const time = paint.dim(event.time.toISOString());
  const state = paint.status(event.to === 'success' ? 'pass' : 'fail', stateWord(kind, event.to));
  const head = ownLine ? eventLine(event, kind, paint) : `${time} run 1: ${state}: ${printable(verdictLine(event.results), 4096)}`;
  const lines = [head];
  const width = Math.max(...event.results.map((r) => r.name.length));
  for (const result of event.results) {
    if (result.status === 'pass' && result.warnings.length === 0) continue;
    lines.push(`  ${result.name.padEnd(width)}  ${paint.status(result.status, result.status.padEnd(7))} ${printable(result.message)}`);
    for (const warning of result.warnings) lines.push(`  ${' '.repeat(width + 2)}${paint.status('warn', 'warning')} ${printable(warning)}`);
  }
  return lines.join('\n');
}

export function eventJson(event: WatchEvent): string {
  const { kind, time, run, outcome, streak, from, to, changes } = event;
  const doc = {
    time: time.toISOString(),
    event: kind,
    run,
    outcome,
    streak,
    from,
    to,
    changes,
    result: jsonReport(event.results, event.durationMs),
  };
  return JSON.stringify(doc);
}

/** The spinner's text: state, the latest run, and the last transition. */
export function statusText(kind: ProbeKind, latest: WatchEvent, lastTransition: WatchEvent | undefined): string {
  const head = `${stateWord(kind, latest.to)} · run ${latest.run} ${latest.outcome} (streak ${latest.streak})`;
  if (lastTransition === undefined) return `${head} · no transition yet`;
  const at = lastTransition.time.toISOString().slice(11, 19);
  return `${head} · last transition ${at}Z ${stateWord(kind, lastTransition.from)} → ${stateWord(kind, lastTransition.to)}`;
}
