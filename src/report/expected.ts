// How every output words an expected failure (README, "Expected unready"): the reason, since
// when, and why it is not a fault. The verdict itself is never changed by it.
import type { CheckResult, Expected, RunContext } from '../checks/types.ts';

/** `shutting-down since 2026-12-03T07:00:00Z`, for the verdict line's `(expected: …)`. */
export function expectedPhrase(expected: Expected): string {
  return `${expected.reason}${expected.since === null ? '' : ` since ${expected.since}`}`;
}

/** The explaining line under the verdict. */
export function expectedExplanation(expected: Expected): string {
  const why =
    expected.reason === 'shutting-down'
      ? 'calico-node is shutting down and closes its BGP sessions on purpose'
      : 'the node is being deleted and its traffic drains on purpose';
  return `expected: ${why} (${expected.detail}); readiness still fails, but this is not a fault`;
}

/** The run is expected only when every failing check carries `expected` (liveness never does). */
export function runExpected(results: readonly CheckResult[], context: RunContext): Expected | null {
  const failing = results.filter((r) => r.status === 'fail' || r.status === 'unknown');
  if (context.expected === null || failing.length === 0) return null;
  return failing.every((r) => r.expected !== undefined) ? context.expected : null;
}
