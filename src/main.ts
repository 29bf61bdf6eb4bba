// Entry point of the whole CLI (dist/calico-probe.cjs): argv → program → the command's run() →
// exit code, which cli/process.ts makes the process's. Every command but the probes is loaded
// with import() only when it runs, and so is commander: a plain probe command line is read by
// cli/fast-argv.ts from the option table; anything else (other commands, --help, every usage
// error) goes to commander. The launcher runs the probe commands from a bundle of their own
// (src/probe-commands.ts); they come here when that one declines the command line, and in the
// single executable, which holds only this bundle.
import type { Invocation } from './cli/program.ts';
import { endWith, readCommandLine, runProbeCommand, stdout, streamIo, usageErrorExit, usageFailure } from './cli/process.ts';
import { requestedOutput } from './cli/requested-output.ts';
import { ExitCode } from './report/exit-codes.ts';
import { nodeTooOld } from './util/node-version.ts';
import { UsageError } from './util/usage-error.ts';

async function main(argv: string[]): Promise<number> {
  const tooOld = nodeTooOld(process.version);
  if (tooOld !== undefined) {
    process.stderr.write(`${tooOld}\n`);
    return usageFailure(requestedOutput(argv), tooOld);
  }
  let invocation: Invocation | undefined;
  try {
    const { args, env, stdoutIsTTY, probe } = readCommandLine(argv);
    invocation = probe;
    if (invocation) return await dispatch(invocation, stdoutIsTTY);
    const { checkHelpTopic, makeProgram, PROBE_COMMANDS } = await import('./cli/program.ts');
    const program = makeProgram({
      probeOnly: PROBE_COMMANDS.includes(args[0] ?? ''),
      env,
      stdoutIsTTY,
      writeOut: (text) => stdout().write(text),
      writeErr: (text) => process.stderr.write(text),
      invoke: (inv) => {
        invocation = inv;
      },
    });
    checkHelpTopic(program, args);
    await program.parseAsync(args, { from: 'user' });
    if (!invocation) return ExitCode.Usage;
    return await dispatch(invocation, stdoutIsTTY);
  } catch (error) {
    const output = invocation?.kind === 'probe' ? invocation.config.output : requestedOutput(argv);
    if (error instanceof UsageError) return usageErrorExit(error, output);
    // --help and --version: commander has written them (its other errors became UsageErrors).
    if (error instanceof (await import('commander')).CommanderError && error.exitCode === 0) return ExitCode.Healthy;
    throw error;
  }
}

async function dispatch(invocation: Invocation, stdoutIsTTY: boolean): Promise<number> {
  switch (invocation.kind) {
    case 'probe':
      return runProbeCommand(invocation, stdoutIsTTY);
    case 'peers':
      return (await import('./commands/peers/index.ts')).run(invocation.config, streamIo());
    case 'watch':
      return (await import('./commands/watch/index.ts')).run(invocation.config, { ...streamIo(), signal: stopSignal() });
    case 'serve':
      return (await import('./commands/serve/index.ts')).run(invocation.config, { ...streamIo(), signal: stopSignal() });
    case 'cluster':
      return (await import('./commands/cluster/index.ts')).run(invocation.config, streamIo());
    case 'completion':
      return (await import('./commands/completion/index.ts')).run(invocation.shell, invocation.program, streamIo());
  }
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
  stdout().once('error', () => controller.abort());
  return controller.signal;
}

const argv = process.argv.slice(2);
endWith(main(argv), argv);
