// Option builders, so each flag is worded once. The shared options (what to probe, where, how
// long) are registered once, on the program: commander then accepts them before or after any
// command, every command reads them with optsWithGlobals(), and every command's --help lists
// them under "Global Options". A command that does not use one ignores it (-v says so).
import { type Command, Option } from 'commander';
import { CLUSTER_DEFAULTS } from './cluster-config.ts';
import { DEFAULTS } from './config.ts';

/** The shared options, registered once on the program (README, "Options"; calico-probe(1), OPTIONS). */
export function addSharedOptions(program: Command): Command {
  return program
    .option('--felix-url <url>', 'Felix health server (default: http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT, else http://localhost:9099)')
    .option('--bird-socket <path>', `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`)
    .option('--bird6-socket <path>', `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`)
    .option('--service-dir <dir>', `runit service directory holding confd, bird, bird6 (default: ${DEFAULTS.serviceDir})`)
    .option(
      '--nodename-file <path>',
      `its mtime starts the strict start-up window (default: $CALICO_NODENAME_FILE or ${DEFAULTS.nodenameFile})`,
    )
    .option('--threshold-time <duration>', `length of the strict start-up window (default: ${DEFAULTS.thresholdTime})`)
    .option(
      '--timeout <duration>',
      `deadline: a probe has exited by then; peers asks every daemon and serve answers each probe by then (default: ${DEFAULTS.timeout}; cluster: every request to Prometheus, default ${CLUSTER_DEFAULTS.timeout})`,
    )
    .addOption(
      new Option('--family <family>', 'BIRD daemons to consider; auto reads $IP and $IP6 (peers: both when neither is set)')
        .choices(['ipv4', 'ipv6', 'dual', 'auto'])
        .default(DEFAULTS.family),
    )
    .option(
      '--confd-config-dir <dir>',
      `where confd renders bird.cfg and bird6.cfg; BIRD must have loaded them (default: ${DEFAULTS.confdConfigDir})`,
    )
    .option(
      '--shutdown-file <path>',
      `calico-node's shutdown marker: a failure while it exists is expected (default: $CALICO_SHUTDOWN_TIMESTAMP_FILE or ${DEFAULTS.shutdownFile})`,
    )
    .option(
      '--kubeconfig <file>',
      "read this node's Node from the API with this kubeconfig (default: the pod's service account, else $KUBECONFIG)",
    )
    .option(
      '--node-name <name>',
      "this node's Node name, also in calico_probe_node_info (default: $NODENAME, else the nodename file's content)",
    )
    .option('--no-color', 'no colour (default: colour only on a TTY, never under NO_COLOR)');
}

/** The long names of the shared options, in the order addSharedOptions registers them. */
export const SHARED_OPTIONS: readonly string[] = [
  '--felix-url',
  '--bird-socket',
  '--bird6-socket',
  '--service-dir',
  '--nodename-file',
  '--threshold-time',
  '--timeout',
  '--family',
  '--confd-config-dir',
  '--shutdown-file',
  '--kubeconfig',
  '--node-name',
  '--no-color',
];

/** -o with the formats a command prints. */
export function outputOption(formats: readonly string[], description = 'result format on stdout'): Option {
  return new Option('-o, --output <format>', description).choices(formats).default(DEFAULTS.output);
}

/** What live, ready, check (and watch, without --textfile and with fewer formats) print. */
export function addProbeOutputOptions(
  command: Command,
  formats: readonly string[] = ['text', 'json', 'prometheus', 'nagios', 'npd'],
): Command {
  command.addOption(outputOption(formats));
  if (formats.includes('prometheus')) {
    command.option(
      '--textfile <path>',
      'also write the Prometheus exposition atomically to this file, whatever --output is (node_exporter textfile collector: name it *.prom)',
    );
  }
  return command
    .option('-q, --quiet', 'print nothing on success; only the verdict line on failure')
    .option('-v, --verbose', 'add per-check detail: layers, peers, Felix reporters, timings');
}
