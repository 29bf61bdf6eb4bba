// Entry point: argv → program → the command's run() → exit code. The only place that decides
// how the process ends: it sets process.exitCode and lets the event loop drain (pipes are
// written asynchronously); one unref'd safety net ends a probe that something kept alive past
// its deadline. Every command but the probes is loaded with import() only when it runs, and so
// is commander: a plain probe command line is read by cli/fast-argv.ts from the option table;
// anything else (other commands, --help, every usage error) goes to commander.
import { translateCalicoNodeArgs } from './cli/calico-node-flags.ts';
import { readEnv } from './cli/env.ts';
import { fastProbe } from './cli/fast-argv.ts';
import type { Invocation } from './cli/program.ts';
import { requestedOutput } from './cli/requested-output.ts';
import type { ProbeConfig } from './checks/types.ts';
import type { CommandIo } from './commands/io.ts';
import { run as runProbe } from './commands/probe.ts';
import { deadlineExitCode, ExitCode, usageExitCode } from './report/exit-codes.ts';
import { nagiosUnknownLine } from './report/nagios.ts';
import { npdUnknownLine } from './report/npd.ts';
import { processAgeMs } from './util/clock.ts';
import { nodeTooOld } from './util/node-version.ts';
import { UsageError, usageMessage } from './util/usage-error.ts';

/** How long past the deadline the safety net waits before it ends the process. */
const SAFETY_NET_MS = 150;

async function main(argv: string[]): Promise<number> {
  const tooOld = nodeTooOld(process.version);
  if (tooOld !== undefined) {
    process.stderr.write(`${tooOld}\n`);
    return usageFailure(requestedOutput(argv), tooOld);
  }
  let invocation: Invocation | undefined;
  try {
    const args = translateCalicoNodeArgs(argv);
    const env = readEnv(process.env);
    const stdoutIsTTY = Boolean(process.stdout.isTTY);
    invocation = fastProbe(args, env, stdoutIsTTY);
    if (invocation) return await dispatch(invocation, processIo());
    const { checkHelpTopic, makeProgram, PROBE_COMMANDS } = await import('./cli/program.ts');
    const program = makeProgram({
      probeOnly: PROBE_COMMANDS.includes(args[0] ?? ''),
      env,
      stdoutIsTTY,
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      invoke: (inv) => {
        invocation = inv;
      },
    });
    checkHelpTopic(program, args);
    await program.parseAsync(args, { from: 'user' });
    if (!invocation) return ExitCode.Usage;
    return await dispatch(invocation, processIo());
  } catch (error) {
    const output = invocation?.kind === 'probe' ? invocation.config.output : requestedOutput(argv);
    if (error instanceof UsageError) {
      process.stderr.write(usageMessage(error));
      return usageFailure(output, error.message);
    }
    // --help and --version: commander has written them (its other errors became UsageErrors).
    if (error instanceof (await import('commander')).CommanderError && error.exitCode === 0) return ExitCode.Healthy;
    throw error;
  }
}

async function dispatch(invocation: Invocation, io: CommandIo): Promise<number> {
  switch (invocation.kind) {
    case 'probe':
      armSafetyNet(invocation.config);
      return runProbe(invocation.config, io);
    case 'peers':
      return (await import('./commands/peers/index.ts')).run(invocation.config, io);
    case 'watch':
      return (await import('./commands/watch/index.ts')).run(invocation.config, { ...io, signal: stopSignal() });
    case 'serve':
      return (await import('./commands/serve/index.ts')).run(invocation.config, { ...io, signal: stopSignal() });
    case 'cluster':
      return (await import('./commands/cluster/index.ts')).run(invocation.config, io);
    case 'completion':
      return (await import('./commands/completion/index.ts')).run(invocation.shell, invocation.program, io);
  }
}

function processIo(): CommandIo {
  return {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stderr: process.stderr,
  };
}

/**
 * For the long-running commands only (a probe must die at once): the first SIGINT or SIGTERM
 * (or a reader that went away: EPIPE) stops them gracefully, so they end with their own exit
 * code; a second signal gets the default action at once. The listeners stay installed after the
 * first signal: signal-exit (under ora's spinner) re-raises a signal that no one else listens to.
 */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) return controller.abort();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.kill(process.pid, signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.once('error', () => controller.abort());
  return controller.signal;
}

/** Exit 2; under -o nagios UNKNOWN (3) with the reason on stdout, the only stream Nagios reads. */
function usageFailure(output: string | undefined, message: string): number {
  if (output === 'nagios') process.stdout.write(nagiosUnknownLine(message));
  if (output === 'npd') process.stdout.write(npdUnknownLine(message));
  return usageExitCode(output);
}

/**
 * A check that leaks a handle must not keep the process past kubelet's timeout: the
 * verdict is already written by then, so end the process with the run's code.
 */
function armSafetyNet(config: ProbeConfig): void {
  const remaining = config.timeoutMs - processAgeMs() + SAFETY_NET_MS;
  setTimeout(
    () => {
      process.stderr.write('calico-probe: still running after the deadline; exiting\n');
      process.exit(process.exitCode ?? deadlineExitCode(config.output));
    },
    Math.max(0, remaining),
  ).unref();
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
    // node-problem-detector reads anything but 0 and 1 as Unknown: 2, as for a usage error.
    if (requestedOutput(argv) === 'npd') process.stdout.write(npdUnknownLine(message));
    process.exitCode = requestedOutput(argv) === 'npd' ? ExitCode.Usage : ExitCode.Unknown;
  },
);
