// The one place results become exit codes (README, Exit status).
import type { CheckStatus, OutputFormat } from '../checks/types.ts';

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

/**
 * The code a probing run ends with. `-o nagios` follows monitoring-plugins. A --textfile that
 * could not be written is a configuration error: exit 2 whatever the checks said; under
 * nagios it counts as UNKNOWN (the plugin could not do its job), outranked only by CRITICAL.
 */
export function runExitCode(statuses: readonly CheckStatus[], output: OutputFormat, textfileFailed = false, expected = false): number {
  if (output === 'nagios') {
    const code = nagiosCodeFor(textfileFailed ? [...statuses, 'unknown'] : statuses);
    // A planned failure (README, "Expected unready") is worth a look, not a page.
    return expected && code === NagiosCode.Critical ? NagiosCode.Warning : code;
  }
  if (output === 'npd') return textfileFailed ? NpdCode.Unknown : npdCodeFor(statuses, expected);
  return textfileFailed ? ExitCode.Usage : exitCodeFor(statuses);
}

/**
 * node-problem-detector's custom plugin contract: 0 OK, 1 NonOK, anything else Unknown. An
 * expected failure is OK there: the problem is known and planned, not a node fault.
 */
export const NpdCode = { Ok: 0, Problem: 1, Unknown: 2 } as const;

export function npdCodeFor(statuses: readonly CheckStatus[], expected: boolean): number {
  const status = overallStatus(statuses);
  if (status === 'pass' || status === 'warn' || expected) return NpdCode.Ok;
  return status === 'fail' ? NpdCode.Problem : NpdCode.Unknown;
}

/** A usage error exits 2; with -o nagios it is UNKNOWN (3), as monitoring-plugins rank bad arguments. */
export function usageExitCode(output: string | undefined): number {
  return output === 'nagios' ? NagiosCode.Unknown : ExitCode.Usage;
}

/** What the safety net exits with when no verdict was reached: a timeout is a failure (CRITICAL under nagios). */
export function deadlineExitCode(output: OutputFormat): number {
  if (output === 'npd') return NpdCode.Unknown;
  return output === 'nagios' ? NagiosCode.Critical : ExitCode.Unhealthy;
}
