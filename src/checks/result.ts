// Small constructors for check outcomes, so every check builds them the same way.
import type { CheckResult, CheckStatus, Layer } from '../types.ts';

export type Outcome = Omit<CheckResult, 'durationMs' | 'name'>;

export function outcome(
  status: CheckStatus,
  message: string,
  details: Record<string, unknown> = {},
  extra: { warnings?: string[]; layers?: Layer[] } = {},
): Outcome {
  return { status, message, details, warnings: extra.warnings ?? [], layers: extra.layers ?? [] };
}

export function layer(step: string, ok: boolean, detail: string): Layer {
  return { step, ok, detail };
}

/** The worse of two statuses: fail over unknown over warn over pass. */
export function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  const rank: Record<CheckStatus, number> = { pass: 0, warn: 1, unknown: 2, fail: 3 };
  return rank[a] >= rank[b] ? a : b;
}
