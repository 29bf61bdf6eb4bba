// The `-o json` document (README, JSON; calico-probe.schema.json), versioned by schemaVersion
// (a field change is breaking).
import { exitCodeFor, overallStatus } from './exit-codes.ts';
import type { CheckResult, Expected } from '../checks/types.ts';

export const JSON_SCHEMA_VERSION = 1;

export function jsonReport(results: readonly CheckResult[], durationMs: number, expected: Expected | null = null) {
  const statuses = results.map((r) => r.status);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    status: overallStatus(statuses),
    exitCode: exitCodeFor(statuses),
    durationMs: Math.round(durationMs),
    // Only when the lifecycle explains every failure (README, "Expected unready").
    ...(expected !== null && { expected }),
    checks: results.map(({ name, status, message, durationMs: ms, details, warnings, expected: excused }) => ({
      name,
      status,
      message,
      durationMs: ms,
      details,
      warnings,
      ...(excused !== undefined && { expected: excused }),
    })),
  };
}

export function renderJson(results: readonly CheckResult[], durationMs: number, expected: Expected | null = null): string {
  return `${JSON.stringify(jsonReport(results, durationMs, expected))}\n`;
}
