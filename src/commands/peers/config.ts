// What `peers` is asked to do, validated by src/cli/peers-config.ts.

export type DaemonName = 'bird' | 'bird6';

/** One BIRD control socket to ask. */
export interface PeersTarget {
  daemon: DaemonName;
  socket: string;
  /** A missing socket (ENOENT) is skipped, not an error. */
  optional: boolean;
}

export interface PeersConfig {
  targets: PeersTarget[];
  timeoutMs: number;
  output: 'text' | 'json';
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}
