// The SRE commands — peers, watch, completion — registered on the program. Their code lives
// in src/peers/, src/watch/ and src/completion/, which main.ts loads only when they run; here
// are just options, help and validation, cheap enough for the exec path to build too.
import { Argument, Command, Option } from 'commander';
import { DEFAULTS, type RawOptions } from './config.ts';
import { buildPeersConfig, type PeersConfig } from './peers/config.ts';
import { addProbeOptions, type ProgramContext } from './program.ts';
import { CHECK_NAMES } from './types.ts';
import { buildWatchConfig, WATCH_DEFAULTS, type RawWatchOptions, type WatchConfig } from './watch/config.ts';

export type SreInvocation =
  | { kind: 'peers'; config: PeersConfig }
  | { kind: 'watch'; config: WatchConfig }
  | { kind: 'completion'; shell: 'bash' | 'zsh' | 'fish'; program: Command };

/** Examples of these commands for the program's own --help, after the probe examples. */
export const SRE_EXAMPLES = `
  $ calico-probe peers                          # BGP peers of every BIRD, like calicoctl node status
  $ calico-probe watch ready                    # re-run every 2 s; print a line per state change
  $ calico-probe help watch                     # help of one command`;

const PEERS_EXAMPLES = `
Examples:
  $ calico-probe peers                          # every BIRD on this node, one table each
  $ calico-probe peers --family ipv6            # only bird6
  $ calico-probe peers -o json | jq '.daemons[].peers[] | select(.condition != "established")'
  $ calico-probe peers --bird-socket /var/run/calico/bird.ctl --family ipv4   # a BIRD 2 daemon

Exit status:
  0  every daemon asked answered
  1  a daemon could not be reached (no socket, refused, no answer before --timeout)
  2  usage error
  3  a daemon answered something that could not be read, or permission denied`;

const WATCH_EXAMPLES = `
Examples:
  $ calico-probe watch ready                    # until Ctrl-C, every 2 s, kubelet thresholds
  $ calico-probe watch live --period 10s --failure-threshold 6
  $ calico-probe watch check bird-ready -v      # a line per run, not only per transition
  $ calico-probe watch ready --count 30 -o json > transitions.jsonl

Exit status: that of the state when the watch ends (--count runs, Ctrl-C or SIGTERM):
  0 while the state is success, else the code of the last failing run (1, or 3 when unknown).
  2 for a usage error.`;

const COMPLETION_EXAMPLES = `
Examples:
  $ calico-probe completion bash > /etc/bash_completion.d/calico-probe
  $ source <(calico-probe completion bash)      # bash, this shell only
  $ calico-probe completion zsh > "\${fpath[1]}/_calico-probe"
  $ calico-probe completion fish > ~/.config/fish/completions/calico-probe.fish`;

function lastCommand(args: unknown[]): Command {
  return args.at(-1) as Command;
}

export function addSreCommands(program: Command, ctx: ProgramContext): void {
  const invoke = (inv: SreInvocation): void => ctx.invoke(inv);
  program.command('peers')
    .description('the BGP peer table of every reachable BIRD daemon (like calicoctl node status)')
    .option('--bird-socket <path>', `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`)
    .option('--bird6-socket <path>', `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`)
    .addOption(new Option('--family <family>', 'daemons to ask; auto follows $IP/$IP6, or asks both and skips a missing bird6 socket').choices(['ipv4', 'ipv6', 'dual', 'auto']).default(DEFAULTS.family))
    .option('--timeout <duration>', `deadline for all daemons (default: ${DEFAULTS.timeout})`)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-q, --quiet', 'print only the daemons that could not be queried')
    .option('-v, --verbose', 'add each daemon\'s router id')
    .option('--no-color', 'no colour (default: colour only on a TTY, never under NO_COLOR)')
    .addHelpText('after', PEERS_EXAMPLES)
    .action((...args: unknown[]) => {
      invoke({ kind: 'peers', config: buildPeersConfig(lastCommand(args).opts<RawOptions>(), ctx.env, ctx.stdoutIsTTY) });
    });

  addProbeOptions(program.command('watch')
    .description('re-run live, ready or check every --period; flip state after kubelet-style thresholds')
    .addArgument(new Argument('<probe>', 'the probe to repeat').choices(['live', 'ready', 'check']))
    .argument('[names...]', `with check: ${CHECK_NAMES.join(', ')}`))
    .option('--period <duration>', `time between the starts of two runs (default: ${WATCH_DEFAULTS.period})`)
    .option('--success-threshold <n>', `consecutive successes that make the state success (default: ${WATCH_DEFAULTS.successThreshold})`)
    .option('--failure-threshold <n>', `consecutive failures that make the state failure (default: ${WATCH_DEFAULTS.failureThreshold})`)
    .option('--count <n>', 'stop after n runs (default: until Ctrl-C or SIGTERM)')
    .addHelpText('after', WATCH_EXAMPLES)
    .action((probe: string, names: string[], ...rest: unknown[]) => {
      const options = lastCommand(rest).opts<RawWatchOptions>();
      invoke({ kind: 'watch', config: buildWatchConfig(probe, names, options, ctx.env, ctx.stdoutIsTTY) });
    });

  program.command('completion')
    .description('print a shell completion script for commands, check names and options')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices(['bash', 'zsh', 'fish']))
    .addHelpText('after', COMPLETION_EXAMPLES)
    .action((shell: 'bash' | 'zsh' | 'fish') => invoke({ kind: 'completion', shell, program }));
}
