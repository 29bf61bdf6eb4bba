// The command line: a factory, so every test gets a fresh Command. Actions do not
// probe; they hand an Invocation to `invoke`, and main.ts carries it out.
import { Command, Option } from 'commander';
import { addSreCommands, SRE_EXAMPLES, type SreInvocation } from './commands.ts';
import { buildConfig, DEFAULTS, type RawOptions, type Selection } from './config.ts';
import type { ProbeEnv } from './env.ts';
import { buildServeConfig, SERVE_DEFAULTS, type RawServeOptions, type ServeConfig } from './serve/options.ts';
import { CHECK_NAMES, type ProbeConfig } from './types.ts';
import { VERSION } from './version.ts';

export type Invocation =
  | { kind: 'probe'; command: 'live' | 'ready' | 'check'; config: ProbeConfig }
  | { kind: 'serve'; config: ServeConfig }
  | SreInvocation;

export interface ProgramContext {
  env: ProbeEnv;
  stdoutIsTTY: boolean;
  writeOut(text: string): void;
  writeErr(text: string): void;
  invoke(invocation: Invocation): void;
  /**
   * Build only live, ready and check: set when the command line starts with one of them (what
   * the kubelet runs), since the SRE commands' options and help would be built for nothing
   * (about 0.7 MB and 0.5–1 ms per probe, BENCHMARKS.md). Nothing visible changes.
   */
  probeOnly?: boolean;
}

/** The commands `probeOnly` keeps. */
export const PROBE_COMMANDS: readonly string[] = ['live', 'ready', 'check'];

export const EXIT_STATUS_HELP = `
Exit status:
  0  healthy: every check passed (warnings allowed)
  1  unhealthy: at least one check failed
  2  usage or configuration error: nothing was probed
  3  unknown: no check failed, but at least one could not reach a verdict
  With --output nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors too).
  A --textfile that cannot be written: 2 (with --output nagios: UNKNOWN unless CRITICAL).`;

/** Read by the launcher (bin/calico-probe.js), before any option is parsed. */
export const CODE_CACHE_HELP = `
Code cache:
  Each probe command keeps a V8 code cache in $TMPDIR/calico-probe-<uid>, or in
  $CALICO_PROBE_CACHE_DIR; CALICO_PROBE_CACHE_DIR= (empty) turns it off.`;

const PROBE_EXAMPLES = `
Examples:
  $ calico-probe ready                          # what kubelet runs (readinessProbe)
  $ calico-probe live --timeout 3s              # livenessProbe, inside a 5 s timeoutSeconds
  $ calico-probe check bird-ready -v            # one check, with layers and peers
  $ calico-probe -felix-ready -bird-ready       # drop-in for calico-node's flags
  $ calico-probe ready -o json | jq .status
  $ calico-probe ready -o nagios                # a Nagios / Icinga check (through NRPE)
  $ calico-probe ready -q --textfile /var/lib/prometheus/node-exporter/calico-probe.prom`;

/** The options every probing command takes (cli.md, "Options"). */
export function addProbeOptions(command: Command): Command {
  return addTargetOptions(command)
    .addOption(new Option('-o, --output <format>', 'result format on stdout').choices(['text', 'json', 'prometheus', 'nagios']).default(DEFAULTS.output))
    .option('--textfile <path>', 'also write the Prometheus exposition atomically to this file, whatever --output is (node_exporter textfile collector: name it *.prom)')
    .option('-q, --quiet', 'print nothing on success; only the verdict line on failure')
    .option('-v, --verbose', 'add per-check detail: layers, peers, Felix reporters, timings')
    .option('--no-color', 'no colour (default: colour only on a TTY, never under NO_COLOR)');
}

/** What to probe and how long to take: shared by the probing commands and serve. */
function addTargetOptions(command: Command, timeoutHelp = 'overall deadline: the process has exited by then'): Command {
  return command
    .option('--felix-url <url>', 'Felix health server (default: http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT, else http://localhost:9099)')
    .option('--bird-socket <path>', `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`)
    .option('--bird6-socket <path>', `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`)
    .option('--service-dir <dir>', `runit service directory holding confd, bird, bird6 (default: ${DEFAULTS.serviceDir})`)
    .option('--nodename-file <path>', `its mtime starts the strict start-up window (default: $CALICO_NODENAME_FILE or ${DEFAULTS.nodenameFile})`)
    .option('--threshold-time <duration>', `length of the strict start-up window (default: ${DEFAULTS.thresholdTime})`)
    .option('--timeout <duration>', `${timeoutHelp} (default: ${DEFAULTS.timeout})`)
    .addOption(new Option('--family <family>', 'BIRD daemons live/ready consider; auto reads $IP and $IP6').choices(['ipv4', 'ipv6', 'dual', 'auto']).default(DEFAULTS.family));
}

export function makeProgram(ctx: ProgramContext): Command {
  const program = new Command('calico-probe')
    .description('Health probe for Calico nodes: Felix, BIRD, runit and the nodename file, checked concurrently within one deadline.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.writeOut, writeErr: ctx.writeErr })
    .showSuggestionAfterError()
    .addHelpText('after', `${PROBE_EXAMPLES}${SRE_EXAMPLES}\n${EXIT_STATUS_HELP}\n${CODE_CACHE_HELP}\n\nSee calico-probe(1) for the full reference; calico-probe help <command> for each command.`);

  const probe = (command: 'live' | 'ready' | 'check', selection: (args: string[]) => Selection) =>
    (...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      const options = cmd.opts<RawOptions>();
      const config = buildConfig(selection(cmd.args), options, ctx.env, ctx.stdoutIsTTY);
      ctx.invoke({ kind: 'probe', command, config });
    };

  addProbeOptions(program.command('live'))
    .description('Felix liveness + BIRD liveness for each enabled IP family (calico-node -felix-live -bird-live)')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('live', () => ({ command: 'live' })));
  addProbeOptions(program.command('ready'))
    .description('Felix readiness + BGP readiness for each enabled IP family (calico-node -felix-ready -bird-ready)')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('ready', () => ({ command: 'ready' })));
  addProbeOptions(program.command('check').argument('<names...>', `checks to run: ${CHECK_NAMES.join(', ')}`))
    .description('exactly the named checks')
    .addHelpText('after', `${PROBE_EXAMPLES}\n${EXIT_STATUS_HELP}`)
    .action(probe('check', (names) => ({ command: 'check', names })));
  if (ctx.probeOnly !== true) {
    addSreCommands(program, ctx);
    addServeCommand(program, ctx);
  }
  return program;
}

/**
 * The --output an argv asks for, read without commander, so that a usage error can still be
 * reported the way the caller reads results (Nagios reads only stdout). The last one wins, as
 * in commander.
 */
export function requestedOutput(argv: readonly string[]): string | undefined {
  let output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    if (arg === '-o' || arg === '--output') output = argv[++i];
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length);
    else if (/^-o[^-]/.test(arg)) output = arg.slice(2);
  }
  return output;
}

const SERVE_HELP = `
Endpoints (GET or HEAD; 200 when healthy, else 503; the body is the text verdict,
or the JSON document with ?verbose or Accept: application/json):
  /livez, /liveness     the live probe       /readyz, /readiness   the ready probe
  /metrics              last results and serve's own counters (unless --no-metrics)
/readyz answers 503 until the first check has completed. SIGTERM or SIGINT: stop
accepting, answer what is in flight, exit 0. Logs: one JSON line per state change, on stderr.

Examples:
  $ calico-probe serve                                  # 127.0.0.1:9098, metrics beside health
  $ calico-probe serve --metrics-listen 127.0.0.1:9097  # metrics on a listener of their own
  $ curl -s '127.0.0.1:9098/readyz?verbose' | jq .checks

Exit status:
  0  stopped by SIGTERM or SIGINT
  2  usage or configuration error, or the --listen address cannot be bound`;

/** serve: the live and ready probes over HTTP, for kubelet httpGet probes (cli.md). */
function addServeCommand(program: Command, ctx: ProgramContext): void {
  addTargetOptions(program.command('serve'), 'deadline of each probe run: /livez and /readyz answer by then')
    .description('long-running HTTP endpoint for kubelet httpGet probes: /livez, /readyz, /metrics')
    .option('--listen <address>', `host:port, [ipv6]:port or :port (every interface) for the health endpoints (default: ${SERVE_DEFAULTS.listen})`)
    .option('--metrics', 'serve /metrics (the default)')
    .option('--no-metrics', 'do not serve /metrics (the health endpoints work the same)')
    .option('--metrics-listen <address>', 'serve /metrics on this address instead of --listen')
    .option('--min-interval <duration>', `reuse a result younger than this instead of probing again (default: ${SERVE_DEFAULTS.minInterval})`)
    .addHelpText('after', SERVE_HELP)
    .action((...args: unknown[]) => {
      const cmd = args.at(-1) as Command;
      ctx.invoke({ kind: 'serve', config: buildServeConfig(cmd.opts<RawServeOptions>(), ctx.env) });
    });
}
