// One entry from results to what the process prints and how it exits: the output
// format decides both (nagios has its own exit-code convention).
import { runExitCode } from './exit-codes.ts';
import type { CheckResult, ProbeConfig, RunContext } from '../checks/types.ts';
import { runExpected } from './expected.ts';
import { renderNpd } from './npd.ts';
import { renderJson } from './json.ts';
import { renderNagios } from './nagios.ts';
import { loadPaint } from './paint.ts';
import { renderPrometheus } from './prometheus.ts';
import { renderText } from './text.ts';

export interface Rendered {
  stdout: string;
  exitCode: number;
}

export interface RenderExtras {
  /** Why --textfile could not be written, if it could not (main.ts also says so on stderr). */
  textfileError?: string | undefined;
  /** The node's lifecycle context, gathered when a check failed (README, "Expected unready"). */
  context?: RunContext | undefined;
}

export async function renderResults(
  results: readonly CheckResult[],
  config: ProbeConfig,
  durationMs: number,
  { textfileError, context }: RenderExtras = {},
): Promise<Rendered> {
  const expected = context === undefined ? null : runExpected(results, context);
  const exitCode = runExitCode(
    results.map((r) => r.status),
    config.output,
    textfileError !== undefined,
    expected !== null,
  );
  switch (config.output) {
    case 'json':
      return { stdout: renderJson(results, durationMs, expected), exitCode };
    case 'prometheus':
      return { stdout: renderPrometheus(results, { timestampSeconds: Date.now() / 1000, context }), exitCode };
    case 'npd':
      return { stdout: renderNpd(results, { expected, problem: textfileError }), exitCode };
    case 'nagios':
      // -q and -v do not apply: a plugin that prints nothing is broken, and the
      // per-check lines are already Nagios's long output.
      return { stdout: renderNagios(results, { durationMs, problem: textfileError, expected }), exitCode };
    default: {
      const paint = await loadPaint(config.color);
      return { stdout: renderText(results, { paint, verbose: config.verbose, quiet: config.quiet, context }), exitCode };
    }
  }
}
