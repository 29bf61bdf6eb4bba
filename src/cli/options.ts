// Option builders shared by the commands that take them, so each flag is worded once.
import { type Command, Option } from 'commander';
import { DEFAULTS } from './config.ts';

const NO_COLOR_HELP = 'no colour (default: colour only on a TTY, never under NO_COLOR)';

/** The options every probing command takes (README, "Running it"; calico-probe(1), OPTIONS). */
export function addProbeOptions(command: Command): Command {
  return noColorOption(
    addTargetOptions(command)
      .addOption(
        new Option('-o, --output <format>', 'result format on stdout')
          .choices(['text', 'json', 'prometheus', 'nagios', 'npd'])
          .default(DEFAULTS.output),
      )
      .option(
        '--textfile <path>',
        'also write the Prometheus exposition atomically to this file, whatever --output is (node_exporter textfile collector: name it *.prom)',
      )
      .option('-q, --quiet', 'print nothing on success; only the verdict line on failure')
      .option('-v, --verbose', 'add per-check detail: layers, peers, Felix reporters, timings'),
  );
}

/** What to probe and how long to take: shared by the probing commands and serve. */
export function addTargetOptions(command: Command, timeoutHelp = 'overall deadline: the process has exited by then'): Command {
  return addSocketOptions(
    command.option(
      '--felix-url <url>',
      'Felix health server (default: http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT, else http://localhost:9099)',
    ),
  )
    .option('--service-dir <dir>', `runit service directory holding confd, bird, bird6 (default: ${DEFAULTS.serviceDir})`)
    .option(
      '--nodename-file <path>',
      `its mtime starts the strict start-up window (default: $CALICO_NODENAME_FILE or ${DEFAULTS.nodenameFile})`,
    )
    .option('--threshold-time <duration>', `length of the strict start-up window (default: ${DEFAULTS.thresholdTime})`)
    .option('--timeout <duration>', `${timeoutHelp} (default: ${DEFAULTS.timeout})`)
    .addOption(
      new Option('--family <family>', 'BIRD daemons live/ready consider; auto reads $IP and $IP6')
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
    );
}

/** The two BIRD control sockets: the probes' and peers'. */
export function addSocketOptions(command: Command): Command {
  return command
    .option('--bird-socket <path>', `BIRD (IPv4, or BIRD 2) control socket (default: ${DEFAULTS.birdSocket})`)
    .option('--bird6-socket <path>', `BIRD6 (IPv6) control socket (default: ${DEFAULTS.bird6Socket})`);
}

export function noColorOption(command: Command): Command {
  return command.option('--no-color', NO_COLOR_HELP);
}
