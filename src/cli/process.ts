// How the process reads its command line, writes and ends, for both entry points: src/main.ts
// (the whole CLI, dist/calico-probe.cjs) and src/probe-commands.ts (the kubelet's commands only,
// dist/probe-commands.cjs). Commands resolve with an exit code; this is where it becomes the
// process's. Everything but a probe sets process.exitCode and lets the event loop drain (pipes
// may be written asynchronously). A probe writes straight to its descriptors and, once its
// output is out, ends at once; one unref'd safety net ends a probe that something kept alive
// past its deadline.
import { translateCalicoNodeArgs } from './calico-node-flags.ts';
import { readEnv, type ProbeEnv } from './env.ts';
import { fastProbe } from './fast-argv.ts';
import { requestedOutput } from './requested-output.ts';
import { ONE_SHOT_UNTIL_EXIT } from '../checks/one-shot-transport.ts';
import type { ProbeConfig } from '../checks/types.ts';
import type { CommandIo } from '../commands/io.ts';
import { run as runProbe } from '../commands/probe.ts';
import { deadlineExitCode, ExitCode, usageExitCode } from '../report/exit-codes.ts';
import { nagiosUnknownLine } from '../report/nagios.ts';
import { npdUnknownLine } from '../report/npd.ts';
import { processAgeMs } from '../util/clock.ts';
import { isTerminal, writeAtOnce } from '../util/direct-write.ts';
import { UsageError, usageMessage } from '../util/usage-error.ts';

/** How long past the deadline the safety net waits before it ends the process. */
const SAFETY_NET_MS = 150;

export type ProbeInvocation = NonNullable<ReturnType<typeof fastProbe>>;

export interface CommandLine {
  /** argv with calico-node's flags translated. */
  args: string[];
  env: ProbeEnv;
  stdoutIsTTY: boolean;
  /** The probe a plain probe command line asks for (cli/fast-argv.ts); anything else is commander's. */
  probe: ProbeInvocation | undefined;
}

export function readCommandLine(argv: readonly string[]): CommandLine {
  const args = translateCalicoNodeArgs(argv);
  const env = readEnv(process.env);
  const stdoutIsTTY = isTerminal(1);
  return { args, env, stdoutIsTTY, probe: fastProbe(args, env, stdoutIsTTY) };
}

/** Runs a probe command and ends the process once its output is written. */
export async function runProbeCommand(probe: ProbeInvocation, stdoutIsTTY: boolean): Promise<number> {
  armSafetyNet(probe.config);
  let code: number;
  try {
    code = await runProbe(probe.config, probeIo(stdoutIsTTY), { transport: ONE_SHOT_UNTIL_EXIT });
  } catch (error) {
    // What only the run can judge (--textfile's directory) is still a usage error, before any I/O.
    if (!(error instanceof UsageError)) throw error;
    return usageErrorExit(error, probe.config.output);
  }
  exitOnceWritten(code);
  return code;
}

/** What every command but a probe writes through. */
export function streamIo(): CommandIo {
  return {
    writeOut: (text) => writeTo(stdout(), text),
    writeErr: (text) => writeTo(process.stderr, text),
    columns: stdout().isTTY ? stdout().columns : undefined,
    stderr: process.stderr,
  };
}

let stdoutHandled = false;

/** process.stdout, which a probe may never create, with this handler from its first use. */
export function stdout(): NodeJS.WriteStream {
  if (!stdoutHandled) {
    stdoutHandled = true;
    // `calico-probe peers | head`: a reader that leaves early is not an error worth a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  return process.stdout;
}

/** A usage error said on stderr, and its exit code (usageFailure). */
export function usageErrorExit(error: UsageError, output: string | undefined): number {
  process.stderr.write(usageMessage(error));
  return usageFailure(output, error.message);
}

/** Exit 2; under -o nagios UNKNOWN (3) with the reason on stdout, the only stream Nagios reads. */
export function usageFailure(output: string | undefined, message: string): number {
  if (output === 'nagios') stdout().write(nagiosUnknownLine(message));
  if (output === 'npd') stdout().write(npdUnknownLine(message));
  return usageExitCode(output);
}

/** The process's exit code is the command's; an error that escaped it is a bug, said as such. */
export function endWith(result: Promise<number>, argv: readonly string[]): void {
  result.then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`calico-probe: ${message}\n`);
      if (requestedOutput(argv) === 'nagios') stdout().write(nagiosUnknownLine(message));
      // node-problem-detector reads anything but 0 and 1 as Unknown: 2, as for a usage error.
      if (requestedOutput(argv) === 'npd') stdout().write(npdUnknownLine(message));
      process.exitCode = requestedOutput(argv) === 'npd' ? ExitCode.Usage : ExitCode.Unknown;
    },
  );
}

/** A probe writes straight to the descriptors (util/direct-write.ts); the streams exist only if needed. */
function probeIo(stdoutIsTTY: boolean): CommandIo {
  return {
    writeOut: writerFor(1, stdout),
    writeErr: writerFor(2, () => process.stderr),
    columns: stdoutIsTTY ? stdout().columns : undefined,
    get stderr() {
      return process.stderr;
    },
  };
}

/**
 * Writes to `fd` at once; from the first write that would block on, through the stream, which
 * waits for room, so the output stays in order.
 */
function writerFor(fd: number, stream: () => NodeJS.WriteStream): (text: string) => void {
  let streaming = false;
  return (text) => {
    if (streaming) return writeTo(stream(), text);
    const rest = writeAtOnce(fd, text);
    if (rest === undefined) return;
    streaming = true;
    writeTo(stream(), rest);
  };
}

/** Writes handed to a stream that Node has not yet passed to the OS, and what runs once there are none. */
let unwritten = 0;
let onceWritten: (() => void) | undefined;

function writeTo(stream: NodeJS.WriteStream, text: string | Uint8Array): void {
  unwritten += 1;
  stream.write(text, () => {
    unwritten -= 1;
    if (unwritten === 0) onceWritten?.();
  });
}

/**
 * A probe's process ends as soon as its output is out, with process.exit(): left to end by
 * itself, Node would then tear its heap and threads down piece by piece, about 2 ms of every
 * probe (BENCHMARKS.md), where the kernel frees it all at once, and closes the BIRD and Felix
 * connections the run left open (ONE_SHOT_UNTIL_EXIT). 'exit' listeners still run. Waiting for
 * the writes keeps a slow reader's output whole.
 */
function exitOnceWritten(code: number): void {
  onceWritten = () => process.exit(code);
  if (unwritten === 0) onceWritten();
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
