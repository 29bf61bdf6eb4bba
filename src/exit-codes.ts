// The one place results become exit codes (cli.md, "Exit status").
import type { CheckStatus } from './types.ts';

export const ExitCode = { Healthy: 0, Unhealthy: 1, Usage: 2, Unknown: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const NagiosCode = { Ok: 0, Warning: 1, Critical: 2, Unknown: 3 } as const;
export type NagiosCode = (typeof NagiosCode)[keyof typeof NagiosCode];

/** The run's overall status: any fail wins, then unknown, then warn, else pass. */
export function overallStatus(statuses: readonly CheckStatus[]): CheckStatus {
  for (const status of ['fail', 'unknown', 'warn'] as const) {
    if (statuses.includes(status)) return status;
  }
  return 'pass';
}

/** Any fail → 1; else any unknown → 3; else 0 (warnings are healthy). */
export function exitCodeFor(statuses: readonly CheckStatus[]): ExitCode {
  const status = overallStatus(statuses);
  if (status === 'fail') return ExitCode.Unhealthy;
  if (status === 'unknown') return ExitCode.Unknown;
  return ExitCode.Healthy;
}

/** monitoring-plugins ranking: CRITICAL over UNKNOWN over WARNING over OK. */
export function nagiosCodeFor(statuses: readonly CheckStatus[]): NagiosCode {
  const status = overallStatus(statuses);
  return { fail: NagiosCode.Critical, unknown: NagiosCode.Unknown, warn: NagiosCode.Warning, pass: NagiosCode.Ok }[status];
}
