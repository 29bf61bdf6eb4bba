// The vocabulary every part of calico-probe shares: check names, statuses, results
// and the configuration a run is made from.
import type { BirdSession, CalicoPeer } from '../bird/index.ts';
import type { FelixResponse } from '../felix/http.ts';
import type { FelixReporter } from '../felix/reporters.ts';
import type { ServiceStatus } from '../runit/supervise.ts';

export const CHECK_NAMES = ['felix-live', 'felix-ready', 'bird-live', 'bird6-live', 'bird-ready', 'bird6-ready'] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/** pass and warn are healthy; fail is unhealthy; unknown means no verdict could be reached. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

/** One step a check went through, for `-v`: socket reachable, daemon answered, rule applied… */
export interface Layer {
  step: string;
  ok: boolean;
  detail: string;
  /** The check stopped before this step; `detail` says where and why. */
  skipped?: boolean;
}

/** What felix-live and felix-ready report; only `url` when no HTTP answer came (refused, deadline). */
export interface FelixDetails {
  url: string;
  httpStatus?: number;
  /** Felix's health table; empty when the body was not one. */
  reporters?: FelixReporter[];
}

/** What bird-live and bird6-live report: the socket asked and runit's view of confd, then bird (bird6). */
export interface BirdLiveDetails {
  socket: string;
  serviceDir: string;
  services: ServiceStatus[];
}

/**
 * What bird-ready and bird6-ready report. The window fields are absent when the nodename file could not
 * be read; the peer fields once BIRD's reply was understood. Key order is the JSON document's.
 */
export interface BirdReadyDetails {
  socket: string;
  nodenameFile: string;
  windowOpen?: boolean;
  nodenameAgeSeconds?: number;
  peers?: CalicoPeer[];
  established?: number;
  grRecovery?: boolean;
  /** BIRD runs an older config than confd rendered (README, "Readiness rule"). */
  confdStale?: true;
}

/** A check still pending at the deadline (run.ts), or not run yet (serve's first answer). */
export interface PendingDetails {
  pending: true;
}

/** A check that threw, a bug in calico-probe: nothing to report. */
export type InternalErrorDetails = Record<string, never>;

/** Each check's own details, by check name. */
export interface DetailsByCheck {
  'felix-live': FelixDetails;
  'felix-ready': FelixDetails;
  'bird-live': BirdLiveDetails;
  'bird6-live': BirdLiveDetails;
  'bird-ready': BirdReadyDetails;
  'bird6-ready': BirdReadyDetails;
}

/** What a check function returns: everything but its name and how long it took. */
export interface CheckOutcome<D> {
  status: CheckStatus;
  /** Detail without calico-node's prefix, e.g. `BGP not established with 10.0.0.4`. */
  message: string;
  /** Format-independent data: peers, reporters, httpStatus, service states. */
  details: D;
  /** Warnings that did not fail the check (peer down after the window, GR outside it). */
  warnings: string[];
  layers: Layer[];
  /** Set on a failing readiness check that the node's lifecycle explains (README, "Expected unready"). */
  expected?: Expected;
}

/** Why a failure is planned: calico-node's shutdown marker, or the Node being deleted. */
export type ExpectedReason = 'shutting-down' | 'node-deleting';

export interface Expected {
  reason: ExpectedReason;
  /** One line: what was seen, e.g. `shutdown marker /var/lib/calico/shutdownTS`. */
  detail: string;
  /** RFC 3339 time the lifecycle event started, when known. */
  since: string | null;
}

/**
 * What the node's context says about one run (README, "Expected unready"): `expected` when every
 * failing check is explained, and the context layers `-v` shows (marker, Node, taints, cordon).
 */
export interface RunContext {
  expected: Expected | null;
  layers: Layer[];
}

/** The result of the check `N`: its own details, or those of a check that was pending or threw. */
export interface CheckResultOf<N extends CheckName> extends CheckOutcome<DetailsByCheck[N] | PendingDetails | InternalErrorDetails> {
  name: N;
  durationMs: number;
}

/** One check's result, discriminated by `name`. */
export type CheckResult = { [N in CheckName]: CheckResultOf<N> }[CheckName];

/** The CLI's two probe commands, as the kubelet's liveness and readiness probes run them. */
export type ProbeKind = 'live' | 'ready';

export type Family = 'ipv4' | 'ipv6';
export type FamilyOption = 'ipv4' | 'ipv6' | 'dual' | 'auto';
export type OutputFormat = 'text' | 'json' | 'prometheus' | 'nagios' | 'npd';

/** What a run of checks needs, validated; built by config.ts from options and environment. */
export interface CheckRunConfig {
  checks: CheckName[];
  felixUrl: string;
  birdSocket: string;
  bird6Socket: string;
  serviceDir: string;
  nodenameFile: string;
  thresholdMs: number;
  timeoutMs: number;
  /** Where confd renders bird.cfg and bird6.cfg. */
  confdConfigDir: string;
}

/** How the CLI reports a run: format, textfile, verbosity, colour. */
export interface OutputConfig {
  output: OutputFormat;
  textfile: string | undefined;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
}

/** What says whether a failure is expected (README, "Expected unready"): read only after a failed run. */
export interface ContextConfig {
  /** calico-node's shutdown marker (its preStop writes it; start-up removes it). */
  shutdownFile: string;
  /** How to read this node's Node object; undefined: neither in a pod nor given a kubeconfig. */
  kube: KubeSource | undefined;
  /** --node-name or $NODENAME; empty: the nodename file's content. */
  nodeName: string;
}

/** A CLI probe: the checks to run, the context that explains a failure, and how to report them. */
export type ProbeConfig = CheckRunConfig & ContextConfig & OutputConfig;

/** Where the Kubernetes API is and how to authenticate, as client-go finds it. */
export type KubeSource =
  | { kind: 'in-cluster'; host: string; port: string; serviceAccountDir: string }
  | { kind: 'kubeconfig'; path: string };

/**
 * How checks reach BIRD and Felix: a connection per query for the CLI (one-shot-transport.ts), kept-open
 * connections under serve. Same replies, same errors, so checks never know which.
 */
export interface Transport {
  bird(path: string, commands: string[], signal: AbortSignal): Promise<BirdSession>;
  felix(url: string, signal: AbortSignal): Promise<FelixResponse>;
}

/** What a check receives: the run's signal (aborted at the deadline), an injectable clock, its I/O. */
export interface CheckContext {
  config: CheckRunConfig;
  signal: AbortSignal;
  now: () => number;
  transport: Transport;
}

/** A check returning details `D` (run.ts supplies those of a check pending or throwing). */
export type Check<D> = (ctx: CheckContext) => Promise<CheckOutcome<D>>;

/** Every check, by name, each with its own details. */
export type CheckRegistry = { [N in CheckName]: Check<DetailsByCheck[N]> };
