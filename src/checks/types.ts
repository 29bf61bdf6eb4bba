// The vocabulary every part of calico-probe shares: check names, statuses, results
// and the configuration a run is made from.
import type { BirdSession } from '../bird/index.ts';
import type { FelixResponse } from '../felix/http.ts';

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

export interface CheckResult {
  name: CheckName;
  status: CheckStatus;
  /** Detail without calico-node's prefix, e.g. `BGP not established with 10.0.0.4`. */
  message: string;
  durationMs: number;
  /** Format-independent data: peers, reporters, httpStatus, service states. */
  details: Record<string, unknown>;
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

export type Family = 'ipv4' | 'ipv6';
export type FamilyOption = 'ipv4' | 'ipv6' | 'dual' | 'auto';
export type OutputFormat = 'text' | 'json' | 'prometheus' | 'nagios' | 'npd';

/** Everything a run needs, validated; built by config.ts from options and environment. */
export interface ProbeConfig {
  checks: CheckName[];
  felixUrl: string;
  birdSocket: string;
  bird6Socket: string;
  serviceDir: string;
  nodenameFile: string;
  thresholdMs: number;
  timeoutMs: number;
  output: OutputFormat;
  textfile: string | undefined;
  quiet: boolean;
  verbose: boolean;
  color: boolean;
  /** calico-node's shutdown marker (its preStop writes it; start-up removes it). */
  shutdownFile: string;
  /** Where confd renders bird.cfg and bird6.cfg. */
  confdConfigDir: string;
  /** How to read this node's Node object; undefined: neither in a pod nor given a kubeconfig. */
  kube: KubeSource | undefined;
  /** --node-name or $NODENAME; empty: the nodename file's content. */
  nodeName: string;
}

/** Where the Kubernetes API is and how to authenticate, as client-go finds it. */
export type KubeSource =
  | { kind: 'in-cluster'; host: string; port: string; serviceAccountDir: string }
  | { kind: 'kubeconfig'; path: string };

/**
 * How checks reach BIRD and Felix: a connection per query for the CLI (transport.ts), kept-open
 * connections under serve. Same replies, same errors, so checks never know which.
 */
export interface Transport {
  bird(path: string, commands: string[], signal: AbortSignal): Promise<BirdSession>;
  felix(url: string, signal: AbortSignal): Promise<FelixResponse>;
}

/** What a check receives: the run's signal (aborted at the deadline), an injectable clock, its I/O. */
export interface CheckContext {
  config: ProbeConfig;
  signal: AbortSignal;
  now: () => number;
  transport: Transport;
}

export type Check = (ctx: CheckContext) => Promise<Omit<CheckResult, 'durationMs' | 'name'>>;
