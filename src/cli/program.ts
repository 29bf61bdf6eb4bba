// The command line: every command is registered here, in one factory, so every test gets a
// fresh Command. Actions do not run anything; they hand an Invocation to `invoke` and main.ts
// carries it out.
import { Argument, Command } from 'commander';
import { CHECK_NAMES } from '../checks/types.ts';
import type { ProbeConfig } from '../checks/types.ts';
import type { Shell } from '../commands/completion/index.ts';
import type { PeersConfig } from '../commands/peers/config.ts';
import type { ServeConfig } from '../commands/serve/config.ts';
import type { WatchConfig } from '../commands/watch/config.ts';
import { VERSION } from '../util/version.ts';
import { buildConfig, type RawOptions, type Selection } from './config.ts';
import type { ProbeEnv } from './env.ts';
import {
  CODE_CACHE_HELP,
  COMPLETION_HELP,
  EXIT_STATUS_HELP,
  OTHER_EXAMPLES,
  PEERS_HELP,
  PROBE_EXAMPLES,
  SERVE_HELP,
  WATCH_HELP,
} from './help.ts';
import { addOptions } from './options.ts';
import { buildPeersConfig } from './peers-config.ts';
import { buildServeConfig, type RawServeOptions } from './serve-config.ts';
import { buildWatchConfig, type RawWatchOptions } from './watch-config.ts';

export type Invocation =
  | { kind: 'probe'; command: 'live' | 'ready' | 'check'; config: ProbeConfig }
  | { kind: 'serve'; config: ServeConfig }
  | { kind: 'peers'; config: PeersConfig }
  | { kind: 'watch'; config: WatchConfig }
  | { kind: 'completion'; shell: Shell; program: Command };

export interface ProgramContext {
  env: ProbeEnv;
  stdoutIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  invoke(invocation: Invocation): void;
  /**
   * Build only live, ready and check: set when the command line starts with one of them (what
   * the kubelet runs), since the other commands' options and help would be built for nothing
   * (about 0.7 MB and 0.5–1 ms per probe, BENCHMARKS.md). Nothing visible changes.
   */
  probeOnly?: boolean;
}

/** The commands `probeOnly` keeps. */
export const PROBE_COMMANDS: readonly string[] = ['live', 'ready', 'check'];

function lastCommand(args: unknown[]): Command {
  return args.at(-1) as Command;
}

export function makeProgram(ctx: ProgramContext): Command {
  const program = new Command('calico-probe')
    .description('Health probe for Calico nodes: Felix, BIRD, runit and the nodename file, checked concurrently within one deadline.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.writeOut, writeErr: ctx.writeErr })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `${PROBE_EXAMPLES}${OTHER_EXAMPLES}\n${EXIT_STATUS_HELP}\n${CODE_CACHE_HELP}\n\nSee calico-probe(1) for the full reference; calico-probe help <command> for each command.`,
    );

  addProbeCommands(program, ctx);
  if (ctx.probeOnly !== true) {
    addPeersCommand(program, ctx);
    addWatchCommand(program, ctx);
    addCompletionCommand(program, ctx);
    addServeCommand(program, ctx);
  }
  return program;
}

function addProbeCommands(program: Command, ctx: ProgramContext): void {
  const probe =
    (command: 'live' | 'ready' | 'check', selection: (args: string[]) => Selection) =>
    (...args: unknown[]) => {
      const cmd = lastCommand(args);
      const config = buildConfig(selection(cmd.args), cmd.opts<RawOptions>(), ctx.env, ctx.stdoutIsTTY);
      ctx.invoke({ kind: 'probe', command, config });
    };
  addOptions(program.command('live'), 'live')
    .description('Felix liveness + BIRD liveness for each enabled IP family (calico-node -felix-live -bird-live)')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('live', () => ({ command: 'live' })));
  addOptions(program.command('ready'), 'ready')
    .description('Felix readiness + BGP readiness for each enabled IP family (calico-node -felix-ready -bird-ready)')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('ready', () => ({ command: 'ready' })));
  addOptions(program.command('check').argument('<names...>', `checks to run: ${CHECK_NAMES.join(', ')}`), 'check')
    .description('exactly the named checks')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('check', (names) => ({ command: 'check', names })));
}

function addPeersCommand(program: Command, ctx: ProgramContext): void {
  addOptions(
    program.command('peers').description('the BGP peer table of every reachable BIRD daemon (like calicoctl node status)'),
    'peers',
  )
    .addHelpText('after', PEERS_HELP)
    .action((...args: unknown[]) => {
      ctx.invoke({ kind: 'peers', config: buildPeersConfig(lastCommand(args).opts<RawOptions>(), ctx.env, ctx.stdoutIsTTY) });
    });
}

function addWatchCommand(program: Command, ctx: ProgramContext): void {
  addOptions(
    program
      .command('watch')
      .description('re-run live, ready or check every --period; flip state after kubelet-style thresholds')
      .addArgument(new Argument('<probe>', 'the probe to repeat').choices(['live', 'ready', 'check']))
      .argument('[names...]', `with check: ${CHECK_NAMES.join(', ')}`),
    'watch',
  )
    .addHelpText('after', WATCH_HELP)
    .action((probe: string, names: string[], ...rest: unknown[]) => {
      const options = lastCommand(rest).opts<RawWatchOptions>();
      ctx.invoke({ kind: 'watch', config: buildWatchConfig(probe, names, options, ctx.env, ctx.stdoutIsTTY) });
    });
}

function addCompletionCommand(program: Command, ctx: ProgramContext): void {
  program
    .command('completion')
    .description('print a shell completion script for commands, check names and options')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', COMPLETION_HELP)
    .action((shell: Shell) => ctx.invoke({ kind: 'completion', shell, program }));
}

/** serve: the live and ready probes over HTTP, for kubelet httpGet probes. */
function addServeCommand(program: Command, ctx: ProgramContext): void {
  addOptions(program.command('serve'), 'serve')
    .description('long-running HTTP endpoint for kubelet httpGet probes: /livez, /readyz, /metrics')
    .addHelpText('after', SERVE_HELP)
    .action((...args: unknown[]) => {
      ctx.invoke({ kind: 'serve', config: buildServeConfig(lastCommand(args).opts<RawServeOptions>(), ctx.env) });
    });
}
