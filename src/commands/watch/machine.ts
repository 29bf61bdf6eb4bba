// Pure: the kubelet's threshold rule (pkg/kubelet/prober/worker.go). A result flips the state
// only once it has been seen --success-threshold (or --failure-threshold) times in a row; until
// then the previous state holds. A readiness probe starts as failure, a liveness probe as success.

import type { ProbeKind } from '../../checks/types.ts';

/** One run as the kubelet counts it: exit 0 is success, anything else failure. */
export type ProbeResult = 'success' | 'failure';

export interface Thresholds {
  success: number;
  failure: number;
}

export interface ThresholdState {
  /** What the kubelet would report now. */
  state: ProbeResult;
  /** The latest run's outcome, and how many runs in a row had it. */
  last: ProbeResult | null;
  streak: number;
  runs: number;
}

export function initialState(kind: ProbeKind): ThresholdState {
  return { state: kind === 'ready' ? 'failure' : 'success', last: null, streak: 0, runs: 0 };
}

/** The state after one more run; `changed` when this run flipped it. */
export function step(current: ThresholdState, outcome: ProbeResult, thresholds: Thresholds): { next: ThresholdState; changed: boolean } {
  const streak = outcome === current.last ? current.streak + 1 : 1;
  const needed = outcome === 'success' ? thresholds.success : thresholds.failure;
  const state = streak >= needed ? outcome : current.state;
  return { next: { state, last: outcome, streak, runs: current.runs + 1 }, changed: state !== current.state };
}
