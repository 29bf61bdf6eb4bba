// Entry point of dist/probe-commands.cjs, the bundle the launcher runs first for `live`, `ready`,
// `check` and calico-node's flags: what the kubelet runs on every node every 10 s, and nothing
// else. Without commander and the other commands the bundle is a third of the whole CLI's
// size, which V8 reads, and takes from the code cache, on every probe (BENCHMARKS.md). Any
// command line it does not take as a plain probe (--help, a usage error, an old Node) it
// declines before doing anything, and the launcher runs the whole CLI (src/main.ts) on it.
import { endWith, readCommandLine, runProbeCommand, type CommandLine } from './cli/process.ts';
import { nodeTooOld } from './util/node-version.ts';

const argv = process.argv.slice(2);

function plainProbe(): CommandLine | undefined {
  if (nodeTooOld(process.version) !== undefined) return undefined;
  try {
    return readCommandLine(argv);
  } catch {
    return undefined; // src/main.ts meets the same error and reports it
  }
}

const line = plainProbe();

/** Read by the launcher as soon as the bundle returns: the whole CLI takes this command line. */
export const declined = line?.probe === undefined;

if (line?.probe !== undefined) endWith(runProbeCommand(line.probe, line.stdoutIsTTY), argv);
