// What `cluster` is asked to do, validated by src/cli/cluster-config.ts.

export interface ClusterConfig {
  /** Prometheus's base URL (--prometheus or $PROMETHEUS_URL). */
  prometheusUrl: string;
  /** The label matchers of --selector without braces (`cluster="prod"`), or ''. */
  selector: string;
  /** No sample for longer than this: stale. undefined: 3 scrape intervals, estimated from the data. */
  staleAfterMs: number | undefined;
  /** How far back flapping is counted and nodes are remembered. */
  windowMs: number;
  /** Every request to Prometheus ends by then. */
  timeoutMs: number;
  output: 'text' | 'json';
  color: boolean;
  auth: ClusterAuth;
}

/** Secrets are read from files when the command runs, never taken on the command line. */
export type ClusterAuth =
  | { kind: 'none' }
  | { kind: 'basic'; user: string; passwordFile: string | undefined }
  | { kind: 'bearer'; tokenFile: string };
