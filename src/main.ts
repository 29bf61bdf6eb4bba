// Entry point: the only place that decides how the process ends. It sets
// process.exitCode and lets the event loop drain (pipes are written asynchronously);
// one unref'd safety net ends a run that something kept alive past its deadline.
import { CommanderError } from 'commander';
import { CHECKS } from './checks/index.ts';
import { translateCalicoNodeArgs } from './compat.ts';
import { readEnv } from './env.ts';
import { UsageError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';
import { makeProgram, type Invocation } from './program.ts';
import { renderResults } from './report/render.ts';
import { runChecks } from './run.ts';
import type { ServeConfig } from './serve/options.ts';
import type { ProbeConfig } from './types.ts';

/** Time kept back from --timeout for rendering, writing and process exit. */
const EXIT_RESERVE_MS = 60;
/** How long past the deadline the safety net waits before it ends the process. */
const SAFETY_NET_MS = 150;

async function main(argv: string[]): Promise<number> {
  let invocation: Invocation | undefined;
  const program = makeProgram({
    env: readEnv(process.env),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    invoke: (inv) => {
      invocation = inv;
    },
  });
  try {
    await program.parseAsync(translateCalicoNodeArgs(argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Healthy : ExitCode.Usage;
    if (error instanceof UsageError) {
      process.stderr.write(`calico-probe: ${error.message}\nTry 'calico-probe --help' for more information.\n`);
      return ExitCode.Usage;
    }
    throw error;
  }
  if (!invocation) return ExitCode.Usage;
  if (invocation.kind === 'serve') return serve(invocation.config);
  return probe(invocation.config);
}

/** Long-running: no deadline and no safety net; the first SIGTERM or SIGINT stops it gracefully. */
async function serve(config: ServeConfig): Promise<number> {
  const { runServe } = await import('./serve/index.ts');
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  // once: a second signal gets the default action and ends the process at once.
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return runServe(config, { signal: controller.signal, writeLog: (line) => process.stderr.write(line) });
}

async function probe(config: ProbeConfig): Promise<number> {
  armSafetyNet(config.timeoutMs);
  const budgetMs = config.timeoutMs - performance.now() - EXIT_RESERVE_MS;
  const results = await runChecks(config, CHECKS, { budgetMs });
  const { stdout, exitCode } = await renderResults(results, config, performance.now());
  process.stdout.write(stdout);
  return exitCode;
}

/**
 * A check that leaks a handle must not keep the process past kubelet's timeout: the
 * verdict is already written by then, so end the process with the run's code.
 */
function armSafetyNet(timeoutMs: number): void {
  const remaining = timeoutMs - performance.now() + SAFETY_NET_MS;
  setTimeout(() => {
    process.stderr.write('calico-probe: still running after the deadline; exiting\n');
    process.exit(process.exitCode ?? ExitCode.Unhealthy);
  }, Math.max(0, remaining)).unref();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`calico-probe: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.Unknown;
  },
);
