// Every command-line option, once: its flags, value name, description, choices, default and the
// commands that take it. commander's options (options.ts) and the commander-free parser of the
// probe commands (fast-argv.ts) are both built from this table, so an option added here appears
// in both, and test/cli/fast-argv.test.ts builds its corpus from it. No commander here: the
// probe path loads this module.
import { DEFAULTS } from './config.ts';
import { SERVE_DEFAULTS } from './serve-config.ts';
import { WATCH_DEFAULTS } from './watch-config.ts';

/** The commands that take options. */
export type OptionCommand = 'live' | 'ready' | 'check' | 'watch' | 'peers' | 'serve';

export interface OptionSpec {
  /** commander's syntax: `-o, --output <format>`, `--quiet`, `--no-color`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** The commands that take it; one flag may have a row per wording (peers' --output has other choices). */
  readonly commands: readonly OptionCommand[];
}

const PROBES: readonly OptionCommand[] = ['live', 'ready', 'check', 'watch'];
const TARGETS: readonly OptionCommand[] = [...PROBES, 'serve'];
const SOCKETS: readonly OptionCommand[] = [...TARGETS, 'peers'];

/** In help order: each command lists its options in the order of this table. */
export const OPTION_TABLE: readonly OptionSpec[] = [
  {
    flags: '--felix-url <url>',
    description: 'Felix health server (default: http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT, else http://localhost:9099)',
    commands: TARGETS,
  },
  {
    flags: '--bird-socket <path>',
    description: `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`,
    commands: SOCKETS,
  },
  { flags: '--bird6-socket <path>', description: `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`, commands: SOCKETS },
  {
    flags: '--service-dir <dir>',
    description: `runit service directory holding confd, bird, bird6 (default: ${DEFAULTS.serviceDir})`,
    commands: TARGETS,
  },
  {
    flags: '--nodename-file <path>',
    description: `its mtime starts the strict start-up window (default: $CALICO_NODENAME_FILE or ${DEFAULTS.nodenameFile})`,
    commands: TARGETS,
  },
  {
    flags: '--threshold-time <duration>',
    description: `length of the strict start-up window (default: ${DEFAULTS.thresholdTime})`,
    commands: TARGETS,
  },
  {
    flags: '--timeout <duration>',
    description: `overall deadline: the process has exited by then (default: ${DEFAULTS.timeout})`,
    commands: PROBES,
  },
  {
    flags: '--timeout <duration>',
    description: `deadline of each probe run: /livez and /readyz answer by then (default: ${DEFAULTS.timeout})`,
    commands: ['serve'],
  },
  {
    flags: '--family <family>',
    description: 'BIRD daemons live/ready consider; auto reads $IP and $IP6',
    choices: ['ipv4', 'ipv6', 'dual', 'auto'],
    default: DEFAULTS.family,
    commands: TARGETS,
  },
  {
    flags: '--family <family>',
    description: 'daemons to ask; auto follows $IP/$IP6, or asks both and skips a missing bird6 socket',
    choices: ['ipv4', 'ipv6', 'dual', 'auto'],
    default: DEFAULTS.family,
    commands: ['peers'],
  },
  { flags: '--timeout <duration>', description: `deadline for all daemons (default: ${DEFAULTS.timeout})`, commands: ['peers'] },
  {
    flags: '-o, --output <format>',
    description: 'result format on stdout',
    choices: ['text', 'json', 'prometheus', 'nagios'],
    default: DEFAULTS.output,
    commands: PROBES,
  },
  { flags: '-o, --output <format>', description: 'output format', choices: ['text', 'json'], default: 'text', commands: ['peers'] },
  {
    flags: '--textfile <path>',
    description:
      'also write the Prometheus exposition atomically to this file, whatever --output is (node_exporter textfile collector: name it *.prom)',
    commands: PROBES,
  },
  { flags: '-q, --quiet', description: 'print nothing on success; only the verdict line on failure', commands: PROBES },
  { flags: '-q, --quiet', description: 'print only the daemons that could not be queried', commands: ['peers'] },
  { flags: '-v, --verbose', description: 'add per-check detail: layers, peers, Felix reporters, timings', commands: PROBES },
  { flags: '-v, --verbose', description: "add each daemon's router id", commands: ['peers'] },
  {
    flags: '--no-color',
    description: 'no colour (default: colour only on a TTY, never under NO_COLOR)',
    commands: [...PROBES, 'peers'],
  },
  {
    flags: '--period <duration>',
    description: `time between the starts of two runs (default: ${WATCH_DEFAULTS.period})`,
    commands: ['watch'],
  },
  {
    flags: '--success-threshold <n>',
    description: `consecutive successes that make the state success (default: ${WATCH_DEFAULTS.successThreshold})`,
    commands: ['watch'],
  },
  {
    flags: '--failure-threshold <n>',
    description: `consecutive failures that make the state failure (default: ${WATCH_DEFAULTS.failureThreshold})`,
    commands: ['watch'],
  },
  { flags: '--count <n>', description: 'stop after n runs (default: until Ctrl-C or SIGTERM)', commands: ['watch'] },
  {
    flags: '--listen <address>',
    description: `host:port, [ipv6]:port or :port (every interface) for the health endpoints (default: ${SERVE_DEFAULTS.listen})`,
    commands: ['serve'],
  },
  { flags: '--metrics', description: 'serve /metrics (the default)', commands: ['serve'] },
  { flags: '--no-metrics', description: 'do not serve /metrics (the health endpoints work the same)', commands: ['serve'] },
  { flags: '--metrics-listen <address>', description: 'serve /metrics on this address instead of --listen', commands: ['serve'] },
  {
    flags: '--min-interval <duration>',
    description: `reuse a result younger than this instead of probing again (default: ${SERVE_DEFAULTS.minInterval})`,
    commands: ['serve'],
  },
];

/** A row's flags, read the way commander reads them. */
export interface ParsedFlags {
  short: string | undefined;
  long: string;
  /** The value's name (`format` for `<format>`); undefined for a boolean flag. */
  value: string | undefined;
  /** `--no-color`: sets `color` to false. */
  negate: boolean;
  /** The key in the parsed options: the long name without `no-`, camel-cased (`felixUrl`). */
  key: string;
}

export function parseFlags(flags: string): ParsedFlags {
  const match = /^(?:(-[A-Za-z]), )?(--[a-z0-9-]+)(?: <([a-z-]+)>)?$/.exec(flags);
  if (match === null) throw new Error(`option table: cannot read flags "${flags}"`);
  const long = match[2] as string;
  const negate = long.startsWith('--no-');
  const name = long.slice(negate ? 5 : 2);
  return {
    short: match[1],
    long,
    value: match[3],
    negate,
    key: name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
  };
}

/** The rows one command takes, in table order. */
export function optionsOf(command: OptionCommand): OptionSpec[] {
  return OPTION_TABLE.filter((row) => row.commands.includes(command));
}
