// The `-o json` document (README, JSON; calico-probe.schema.json), versioned by schemaVersion
// (a field change is breaking).
import { exitCodeFor, overallStatus } from './exit-codes.ts';
import type { CheckResult } from '../checks/types.ts';

export const JSON_SCHEMA_VERSION = 1;

export function jsonReport(results: readonly CheckResult[], durationMs: number) {
  const statuses = results.map((r) => r.status);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    status: overallStatus(statuses),
    exitCode: exitCodeFor(statuses),
    durationMs: Math.round(durationMs),
    checks: results.map(({ name, status, message, durationMs: ms, details, warnings }) => ({
      name,
      status,
      message,
      durationMs: ms,
      details,
      warnings,
    })),
  };
}

export function renderJson(results: readonly CheckResult[], durationMs: number): string {
  return `${JSON.stringify(jsonReport(results, durationMs))}\n`;
}
