// The help texts commander appends after each command's options: examples and exit status.
// The man page (man/calico-probe.1) and README say the same; test/docs.test.ts keeps them in step.

export const EXIT_STATUS_HELP = `
Exit status:
  0  healthy: every check passed (warnings allowed)
  1  unhealthy: at least one check failed
  2  usage or configuration error: nothing was probed
  3  unknown: no check failed, but at least one could not reach a verdict
  With --output nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (usage errors too);
  an expected failure (node shutting down or being deleted) is WARNING.
  With --output npd: 0 OK (an expected failure too), 1 problem, 2 unknown or usage error.
  A --textfile that cannot be written: 2 (with --output nagios: UNKNOWN unless CRITICAL).`;

/** The launcher (bin/calico-probe.js) keeps the cache; this only tells the user where. */
export const CODE_CACHE_HELP = `
Code cache:
  Each probe command keeps a V8 code cache in $TMPDIR/calico-probe-<uid>, or in
  $CALICO_PROBE_CACHE_DIR; CALICO_PROBE_CACHE_DIR= (empty) turns it off.`;

export const PROBE_EXAMPLES = `
Examples:
  $ calico-probe ready                          # what kubelet runs (readinessProbe)
  $ calico-probe live --timeout 3s              # livenessProbe, inside a 5 s timeoutSeconds
  $ calico-probe check bird-ready -v            # one check, with layers and peers
  $ calico-probe -felix-ready -bird-ready       # drop-in for calico-node's flags
  $ calico-probe ready -o json | jq .status
  $ calico-probe ready -o nagios                # a Nagios / Icinga check (through NRPE)
  $ calico-probe ready -o npd                   # a node-problem-detector custom plugin
  $ calico-probe ready -q --textfile /var/lib/prometheus/node-exporter/calico-probe.prom`;

/** Examples of the other commands for the program's own --help, after the probe examples. */
export const OTHER_EXAMPLES = `
  $ calico-probe peers                          # BGP peers of every BIRD, like calicoctl node status
  $ calico-probe watch ready                    # re-run every 2 s; print a line per state change
  $ calico-probe help watch                     # help of one command`;

export const PEERS_HELP = `
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

export const WATCH_HELP = `
Examples:
  $ calico-probe watch ready                    # until Ctrl-C, every 2 s, kubelet thresholds
  $ calico-probe watch live --period 10s --failure-threshold 6
  $ calico-probe watch check bird-ready -v      # a line per run, not only per transition
  $ calico-probe watch ready --count 30 -o json > transitions.jsonl

Exit status: that of the state when the watch ends (--count runs, Ctrl-C or SIGTERM):
  0 while the state is success, else the code of the last failing run (1, or 3 when unknown).
  2 for a usage error.`;

export const COMPLETION_HELP = `
Examples:
  $ calico-probe completion bash > /etc/bash_completion.d/calico-probe
  $ source <(calico-probe completion bash)      # bash, this shell only
  $ calico-probe completion zsh > "\${fpath[1]}/_calico-probe"
  $ calico-probe completion fish > ~/.config/fish/completions/calico-probe.fish`;

export const SERVE_HELP = `
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
