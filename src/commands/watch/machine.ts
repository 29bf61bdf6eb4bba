// Pure: the kubelet's threshold rule (pkg/kubelet/prober/worker.go). A result flips the state
// only once it has been seen --success-threshold (or --failure-threshold) times in a row; until
// then the previous state holds. A readiness probe starts as failure, a liveness probe as success.

export type Outcome = 'success' | 'failure';
export type ProbeKind = 'live' | 'ready';

export interface Thresholds {
  success: number;
  failure: number;
}

export interface ThresholdState {
  /** What the kubelet would report now. */
  state: Outcome;
  /** The latest run's outcome, and how many runs in a row had it. */
  last: Outcome | null;
  streak: number;
  runs: number;
}

export function initialState(kind: ProbeKind): ThresholdState {
  return { state: kind === 'ready' ? 'failure' : 'success', last: null, streak: 0, runs: 0 };
}

/** The state after one more run; `changed` when this run flipped it. */
export function step(current: ThresholdState, outcome: Outcome, thresholds: Thresholds): { next: ThresholdState; changed: boolean } {
  const streak = outcome === current.last ? current.streak + 1 : 1;
  const needed = outcome === 'success' ? thresholds.success : thresholds.failure;
  const state = streak >= needed ? outcome : current.state;
  return { next: { state, last: outcome, streak, runs: current.runs + 1 }, changed: state !== current.state };
}
