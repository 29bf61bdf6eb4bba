// Every command-line option, once: its flags, description, choices, default and who takes it.
// commander's options (options.ts) and the commander-free parser of the probe commands
// (fast-argv.ts) are both built from this table, so an option added here appears in both, and
// test/cli/fast-argv.test.ts builds its corpus from it. The shared options are registered once,
// on the program: commander then accepts them before or after any command. No commander here:
// the probe path loads this module.
import { CLUSTER_DEFAULTS, DEFAULTS, SERVE_DEFAULTS, WATCH_DEFAULTS } from './config.ts';

/** The commands that take options of their own. */
export type OptionCommand = 'live' | 'ready' | 'check' | 'watch' | 'peers' | 'serve' | 'cluster';

export interface OptionSpec {
  /** commander's syntax: `-o, --output <format>`, `--quiet`, `--no-color`. */
  readonly flags: string;
  readonly description: string;
  readonly choices?: readonly string[];
  readonly default?: string;
  /** `shared`: on the program, for every command; else the commands that take it (one flag may have a row per wording). */
  readonly commands: 'shared' | readonly OptionCommand[];
}

const PROBES: readonly OptionCommand[] = ['live', 'ready', 'check'];

/** In help order: the shared options first, then each command's in the order of this table. */
export const OPTION_TABLE: readonly OptionSpec[] = [
  {
    flags: '--felix-url <url>',
    description: 'Felix health server (default: http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT, else http://localhost:9099)',
    commands: 'shared',
  },
  {
    flags: '--bird-socket <path>',
    description: `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`,
    commands: 'shared',
  },
  { flags: '--bird6-socket <path>', description: `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`, commands: 'shared' },
  {
    flags: '--service-dir <dir>',
    description: `runit service directory holding confd, bird, bird6 (default: ${DEFAULTS.serviceDir})`,
    commands: 'shared',
  },
  {
    flags: '--nodename-file <path>',
    description: `its mtime starts the strict start-up window (default: $CALICO_NODENAME_FILE or ${DEFAULTS.nodenameFile})`,
    commands: 'shared',
  },
  {
    flags: '--threshold-time <duration>',
    description: `length of the strict start-up window (default: ${DEFAULTS.thresholdTime})`,
    commands: 'shared',
  },
  {
    flags: '--timeout <duration>',
    description: `deadline: a probe has exited by then; peers asks every daemon and serve answers each probe by then (default: ${DEFAULTS.timeout}; cluster: every request to Prometheus, default ${CLUSTER_DEFAULTS.timeout})`,
    commands: 'shared',
  },
  {
    flags: '--family <family>',
    description: 'BIRD daemons to consider; auto reads $IP and $IP6 (peers: both when neither is set)',
    choices: ['ipv4', 'ipv6', 'dual', 'auto'],
    default: DEFAULTS.family,
    commands: 'shared',
  },
  {
    flags: '--confd-config-dir <dir>',
    description: `where confd renders bird.cfg and bird6.cfg; BIRD must have loaded them (default: ${DEFAULTS.confdConfigDir})`,
    commands: 'shared',
  },
  {
    flags: '--shutdown-file <path>',
    description: `calico-node's shutdown marker: a failure while it exists is expected (default: $CALICO_SHUTDOWN_TIMESTAMP_FILE or ${DEFAULTS.shutdownFile})`,
    commands: 'shared',
  },
  {
    flags: '--kubeconfig <file>',
    description: "read this node's Node from the API with this kubeconfig (default: the pod's service account, else $KUBECONFIG)",
    commands: 'shared',
  },
  {
    flags: '--node-name <name>',
    description: "this node's Node name, also in calico_probe_node_info (default: $NODENAME, else the nodename file's content)",
    commands: 'shared',
  },
  { flags: '--no-color', description: 'no colour (default: colour only on a TTY, never under NO_COLOR)', commands: 'shared' },

  {
    flags: '-o, --output <format>',
    description: 'result format on stdout',
    choices: ['text', 'json', 'prometheus', 'nagios', 'npd'],
    default: DEFAULTS.output,
    commands: PROBES,
  },
  {
    flags: '-o, --output <format>',
    description: 'result format on stdout',
    choices: ['text', 'json'],
    default: DEFAULTS.output,
    commands: ['watch'],
  },
  {
    flags: '-o, --output <format>',
    description: 'output format',
    choices: ['text', 'json'],
    default: DEFAULTS.output,
    commands: ['peers'],
  },
  {
    flags: '--textfile <path>',
    description:
      'also write the Prometheus exposition atomically to this file, whatever --output is (node_exporter textfile collector: name it *.prom)',
    commands: PROBES,
  },
  { flags: '-q, --quiet', description: 'print nothing on success; only the verdict line on failure', commands: [...PROBES, 'watch'] },
  { flags: '-v, --verbose', description: 'add per-check detail: layers, peers, Felix reporters, timings', commands: [...PROBES, 'watch'] },
  { flags: '-q, --quiet', description: 'print only the daemons that could not be queried', commands: ['peers'] },
  { flags: '-v, --verbose', description: "add each daemon's router id", commands: ['peers'] },

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

  { flags: '--prometheus <url>', description: 'Prometheus base URL (default: $PROMETHEUS_URL)', commands: ['cluster'] },
  {
    flags: '--selector <matchers>',
    description: `label matchers narrowing every series, such as '{cluster="prod"}'`,
    commands: ['cluster'],
  },
  {
    flags: '--stale-after <duration>',
    description: 'a node with no sample for this long is stale (default: 3 scrape intervals, estimated)',
    commands: ['cluster'],
  },
  {
    flags: '--window <duration>',
    description: `how far back flapping is counted and nodes are remembered (default: ${CLUSTER_DEFAULTS.window})`,
    commands: ['cluster'],
  },
  { flags: '--basic-auth-user <user>', description: 'HTTP basic authentication user', commands: ['cluster'] },
  { flags: '--basic-auth-password-file <path>', description: 'file holding the basic authentication password', commands: ['cluster'] },
  {
    flags: '--bearer-token-file <path>',
    description: 'file holding a bearer token (such as a service account token)',
    commands: ['cluster'],
  },
  {
    flags: '-o, --output <format>',
    description: 'output format',
    choices: ['text', 'json'],
    default: DEFAULTS.output,
    commands: ['cluster'],
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

/**
 * `-o, --output <format>`, `--felix-url <url>` or `--no-color`, read with string methods (every
 * probe reads every row: util/text.ts says why). test/cli/option-table.test.ts holds every row
 * to that form.
 */
export function parseFlags(flags: string): ParsedFlags {
  const comma = flags.indexOf(', ');
  const rest = comma === -1 ? flags : flags.slice(comma + 2);
  const space = rest.indexOf(' ');
  const long = space === -1 ? rest : rest.slice(0, space);
  const negate = long.startsWith('--no-');
  return {
    short: comma === -1 ? undefined : flags.slice(0, comma),
    long,
    value: space === -1 ? undefined : rest.slice(space + 2, -1),
    negate,
    // commander's key: `felix-url` → `felixUrl`.
    key: long
      .slice(negate ? 5 : 2)
      .split('-')
      .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
      .join(''),
  };
}

/** The shared options, registered once on the program. */
export const SHARED_ROWS: readonly OptionSpec[] = OPTION_TABLE.filter((row) => row.commands === 'shared');

/** The long names of the shared options, in table order (a function: the probe path never needs them). */
export function sharedOptionNames(): string[] {
  return SHARED_ROWS.map((row) => parseFlags(row.flags).long);
}

/** The rows of one command's own options, in table order (the shared ones are the program's). */
export function optionsOf(command: OptionCommand): OptionSpec[] {
  return OPTION_TABLE.filter((row) => row.commands !== 'shared' && row.commands.includes(command));
}
