// Small constructors for check outcomes, so every check builds them the same way.
import type { CheckOutcome, CheckStatus, Layer } from './types.ts';

export function outcome<D>(
  status: CheckStatus,
  message: string,
  details: D,
  extra: { warnings?: string[]; layers?: Layer[] } = {},
): CheckOutcome<D> {
  return { status, message, details, warnings: extra.warnings ?? [], layers: extra.layers ?? [] };
}

export function layer(step: string, ok: boolean, detail: string): Layer {
  return { step, ok, detail };
}

/**
 * `layers` followed by every step of `steps` they do not cover, marked as not reached, so
 * `-v` always shows the whole path and where the check stopped on it.
 */
export function withUnreached(steps: readonly string[], layers: Layer[], why: string): Layer[] {
  const done = new Set(layers.map((l) => l.step));
  const rest = steps.filter((step) => !done.has(step));
  return [...layers, ...rest.map((step) => ({ step, ok: false, detail: `not reached: ${why}`, skipped: true }))];
}

/** The worse of two statuses: fail over unknown over warn over pass. */
export function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  const rank: Record<CheckStatus, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };
  return rank[a] >= rank[b] ? a : b;
}
