// Entry point: the only place that decides how the process ends. It sets
// process.exitCode and lets the event loop drain (pipes are written asynchronously);
// one unref'd safety net ends a run that something kept alive past its deadline.
import { CommanderError } from 'commander';
import { CHECKS } from './checks/index.ts';
import { processAgeMs } from './clock.ts';
import { translateCalicoNodeArgs } from './compat.ts';
import { readEnv } from './env.ts';
import { UsageError } from './errors.ts';
import { deadlineExitCode, ExitCode, usageExitCode } from './exit-codes.ts';
import { makeProgram, PROBE_COMMANDS, requestedOutput, type Invocation } from './program.ts';
import { nagiosUnknownLine } from './report/nagios.ts';
import { renderPrometheus } from './report/prometheus.ts';
import { renderResults } from './report/render.ts';
import { runChecks } from './run.ts';
import type { ServeConfig } from './serve/options.ts';
import { runSre } from './sre.ts';
import type { CheckResult, ProbeConfig } from './types.ts';

/** Time kept back from --timeout for rendering, writing and process exit. */
const EXIT_RESERVE_MS = 60;
/** Kept back as well with --textfile: an fsync on a busy disk can take tens of milliseconds. */
const TEXTFILE_RESERVE_MS = 40;
/** How long past the deadline the safety net waits before it ends the process. */
const SAFETY_NET_MS = 150;

async function main(argv: string[]): Promise<number> {
  let invocation: Invocation | undefined;
  try {
    const args = translateCalicoNodeArgs(argv);
    const program = makeProgram({
      probeOnly: PROBE_COMMANDS.includes(args[0] ?? ''),
      env: readEnv(process.env),
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      invoke: (inv) => {
        invocation = inv;
      },
    });
    await program.parseAsync(args, { from: 'user' });
    if (!invocation) return ExitCode.Usage;
    if (invocation.kind === 'serve') return await serve(invocation.config);
    if (invocation.kind !== 'probe') return await runSre(invocation);
    return await probe(invocation.config);
  } catch (error) {
    const output = invocation?.kind === 'probe' ? invocation.config.output : requestedOutput(argv);
    if (error instanceof CommanderError) {
      // commander has already written its message to stderr.
      return error.exitCode === 0 ? ExitCode.Healthy : usageFailure(output, error.message.replace(/^error: /, ''));
    }
    if (error instanceof UsageError) {
      process.stderr.write(`calico-probe: ${error.message}\nTry 'calico-probe --help' for more information.\n`);
      return usageFailure(output, error.message);
    }
    throw error;
  }
}

/** Exit 2; under -o nagios UNKNOWN (3) with the reason on stdout, the only stream Nagios reads. */
function usageFailure(output: string | undefined, message: string): number {
  if (output === 'nagios') process.stdout.write(nagiosUnknownLine(message));
  return usageExitCode(output);
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
  armSafetyNet(config);
  const path = config.textfile;
  // Loaded only with --textfile: its node:fs/promises would cost every other probe about 1 ms.
  const textfile = path === undefined ? undefined : await import('./report/textfile.ts');
  if (textfile !== undefined && path !== undefined) await textfile.checkTextfileTarget(path);
  const reserveMs = EXIT_RESERVE_MS + (path === undefined ? 0 : TEXTFILE_RESERVE_MS);
  const budgetMs = config.timeoutMs - processAgeMs() - reserveMs;
  const results = await runChecks(config, CHECKS, { budgetMs });
  const textfileError = textfile === undefined || path === undefined
    ? undefined
    : await exportTextfile(textfile.writeTextfile, path, results);
  const { stdout, exitCode } = await renderResults(results, config, processAgeMs(), { textfileError });
  process.stdout.write(stdout);
  return exitCode;
}

/** Writes the exposition whatever --output is; returns why it could not, after saying so on stderr. */
async function exportTextfile(
  write: (path: string, text: string) => Promise<void>,
  path: string,
  results: readonly CheckResult[],
): Promise<string | undefined> {
  try {
    await write(path, renderPrometheus(results, { timestampSeconds: Date.now() / 1000 }));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`calico-probe: ${message}\n`);
    return message;
  }
}

/**
 * A check that leaks a handle must not keep the process past kubelet's timeout: the
 * verdict is already written by then, so end the process with the run's code.
 */
function armSafetyNet(config: ProbeConfig): void {
  const remaining = config.timeoutMs - processAgeMs() + SAFETY_NET_MS;
  setTimeout(() => {
    process.stderr.write('calico-probe: still running after the deadline; exiting\n');
    process.exit(process.exitCode ?? deadlineExitCode(config.output));
  }, Math.max(0, remaining)).unref();
}

// `calico-probe peers | head`: a reader that leaves early is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`calico-probe: ${message}\n`);
    if (requestedOutput(argv) === 'nagios') process.stdout.write(nagiosUnknownLine(message));
    process.exitCode = ExitCode.Unknown;
  },
);
