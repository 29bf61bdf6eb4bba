// The command line: every command is registered here, in one factory, so every test gets a
// fresh Command. Actions do not run anything; they hand an Invocation to `invoke` and main.ts
// carries it out.
import { Argument, Command } from 'commander';
import { CHECK_NAMES } from '../checks/types.ts';
import type { ProbeConfig } from '../checks/types.ts';
import type { ClusterConfig } from '../commands/cluster/config.ts';
import type { Shell } from '../commands/completion/index.ts';
import type { PeersConfig } from '../commands/peers/config.ts';
import type { ServeConfig } from '../commands/serve/config.ts';
import type { WatchConfig } from '../commands/watch/config.ts';
import { VERSION } from '../util/version.ts';
import { buildConfig, type RawOptions, type Selection } from './config.ts';
import type { ProbeEnv } from './env.ts';
import { buildClusterConfig, type RawClusterOptions } from './cluster-config.ts';
import {
  CLUSTER_HELP,
  CODE_CACHE_HELP,
  COMPLETION_HELP,
  EXIT_STATUS_HELP,
  OTHER_EXAMPLES,
  PEERS_HELP,
  PROBE_EXAMPLES,
  SERVE_HELP,
  WATCH_HELP,
} from './help.ts';
import { sharedOptionNames } from './option-table.ts';
import { addOptions, addSharedOptions } from './options.ts';
import { UsageError } from '../util/usage-error.ts';
import { didYouMean } from '../util/suggest.ts';
import { buildPeersConfig } from './peers-config.ts';
import { buildServeConfig, type RawServeOptions } from './serve-config.ts';
import { buildWatchConfig, type RawWatchOptions } from './watch-config.ts';

export type Invocation =
  | { kind: 'probe'; command: 'live' | 'ready' | 'check'; config: ProbeConfig }
  | { kind: 'serve'; config: ServeConfig }
  | { kind: 'peers'; config: PeersConfig }
  | { kind: 'watch'; config: WatchConfig }
  | { kind: 'cluster'; config: ClusterConfig }
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

/** The command's own options with the shared ones (given before or after the command). */
function options<T>(cmd: Command): T {
  return cmd.optsWithGlobals<T & object>();
}

/**
 * An action that names its command in the usage errors it throws (main.ts then points at that
 * command's --help), and with -v says which shared options given on the command line it ignores.
 */
function action(ctx: ProgramContext, used: readonly string[] | 'all', run: (cmd: Command, args: unknown[]) => void) {
  return (...args: unknown[]) => {
    const cmd = lastCommand(args);
    try {
      if (used !== 'all' && cmd.optsWithGlobals<{ verbose?: boolean }>().verbose === true) {
        for (const flag of ignoredOptions(cmd, used)) ctx.writeErr(`calico-probe: ${cmd.name()} does not use ${flag}; ignoring it\n`);
      }
      run(cmd, args);
    } catch (error) {
      if (error instanceof UsageError) error.command ??= cmd.name();
      throw error;
    }
  };
}

/** Shared options set on the command line that a command does not use. */
function ignoredOptions(cmd: Command, used: readonly string[]): string[] {
  const root = cmd.parent ?? cmd;
  return sharedOptionNames().filter((flag) => {
    if (used.includes(flag)) return false;
    const option = root.options.find((o) => o.long === flag);
    return option !== undefined && root.getOptionValueSource(option.attributeName()) === 'cli';
  });
}

export function makeProgram(ctx: ProgramContext): Command {
  const program = new Command('calico-probe')
    .description('Health probe for Calico nodes: Felix, BIRD, runit and the nodename file, checked concurrently within one deadline.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.writeOut, writeErr: ctx.writeErr })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `${PROBE_EXAMPLES}${OTHER_EXAMPLES}\n${EXIT_STATUS_HELP}\n${CODE_CACHE_HELP}\n\nSee calico-probe(1) for the full reference; calico-probe help <command> for each command.`,
    );

  addSharedOptions(program);
  addProbeCommands(program, ctx);
  if (ctx.probeOnly !== true) {
    addPeersCommand(program, ctx);
    addWatchCommand(program, ctx);
    addCompletionCommand(program, ctx);
    addServeCommand(program, ctx);
    addClusterCommand(program, ctx);
  }
  // One error style: commander's errors become UsageErrors naming their command, and main.ts
  // writes every usage error the same way. Help and --version (exit 0) pass through.
  for (const command of [program, ...program.commands]) {
    const name = command === program ? undefined : command.name();
    command.configureOutput({ outputError: () => {} });
    command.exitOverride((error) => {
      if (error.exitCode === 0) throw error;
      throw new UsageError(error.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)$/, ' (did you mean "$1"?)'), name);
    });
  }
  return program;
}

/**
 * `help <topic>` for a topic that is no command: commander would print the program's help and
 * exit 0; this is a usage error instead, with a suggestion.
 */
export function checkHelpTopic(program: Command, args: readonly string[]): void {
  if (args[0] !== 'help' || args[1] === undefined || args[1].startsWith('-')) return;
  const names = program.commands.map((c) => c.name());
  if (!names.includes(args[1]) && args[1] !== 'help') {
    throw new UsageError(`unknown command "${args[1]}"${didYouMean(args[1], names)}`);
  }
}

function addProbeCommands(program: Command, ctx: ProgramContext): void {
  const probe = (command: 'live' | 'ready' | 'check', selection: (args: string[]) => Selection) =>
    action(ctx, 'all', (cmd) => {
      const config = buildConfig(selection(cmd.args), options<RawOptions>(cmd), ctx.env, ctx.stdoutIsTTY);
      ctx.invoke({ kind: 'probe', command, config });
    });
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
    .action(
      action(ctx, ['--bird-socket', '--bird6-socket', '--timeout', '--family', '--no-color'], (cmd) => {
        ctx.invoke({ kind: 'peers', config: buildPeersConfig(options<RawOptions>(cmd), ctx.env, ctx.stdoutIsTTY) });
      }),
    );
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
    .action(
      action(ctx, 'all', (cmd) => {
        const [probe, names] = cmd.processedArgs as [string, string[]];
        ctx.invoke({ kind: 'watch', config: buildWatchConfig(probe, names, options<RawWatchOptions>(cmd), ctx.env, ctx.stdoutIsTTY) });
      }),
    );
}

function addCompletionCommand(program: Command, ctx: ProgramContext): void {
  program
    .command('completion')
    .description('print a shell completion script for commands, check names and options')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', COMPLETION_HELP)
    .action(action(ctx, [], (cmd) => ctx.invoke({ kind: 'completion', shell: cmd.processedArgs[0] as Shell, program })));
}

/** serve: the live and ready probes over HTTP, for kubelet httpGet probes. */
function addServeCommand(program: Command, ctx: ProgramContext): void {
  addOptions(
    program.command('serve').description('long-running HTTP endpoint for kubelet httpGet probes: /livez, /readyz, /metrics'),
    'serve',
  )
    .addHelpText('after', SERVE_HELP)
    .action(
      action(ctx, 'all', (cmd) => {
        ctx.invoke({ kind: 'serve', config: buildServeConfig(options<RawServeOptions>(cmd), ctx.env) });
      }),
    );
}

/** cluster: the BGP mesh of every node, from Prometheus. */
function addClusterCommand(program: Command, ctx: ProgramContext): void {
  addOptions(
    program.command('cluster').description("the whole cluster's node health and BGP mesh, from the calico-probe series in Prometheus"),
    'cluster',
  )
    .addHelpText('after', CLUSTER_HELP)
    .action(
      action(ctx, ['--timeout', '--no-color'], (cmd) => {
        ctx.invoke({ kind: 'cluster', config: buildClusterConfig(options<RawClusterOptions>(cmd), ctx.env, ctx.stdoutIsTTY) });
      }),
    );
}
