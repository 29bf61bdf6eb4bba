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
import { runSre } from './sre.ts';
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
  if (invocation.kind !== 'probe') return runSre(invocation);
  return probe(invocation.config);
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

// `calico-probe peers | head`: a reader that leaves early is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`calico-probe: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = ExitCode.Unknown;
  },
);
