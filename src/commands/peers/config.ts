// What `peers` is asked to do, validated by src/cli/peers-config.ts.

export type DaemonName = 'bird' | 'bird6';

/** One BIRD control socket to ask. */
export interface PeersTarget {
  daemon: DaemonName;
  socket: string;
  /** A missing socket (ENOENT) is skipped, not an error. */
  optional: boolean;
  /** bird6 only: --bird-socket, asked when this socket does not exist (one BIRD 2/3 daemon for both families). */
  shared?: string;
}

export interface PeersConfig {
  targets: PeersTarget[];
  timeoutMs: number;
  output: 'text' | 'json';
  color: boolean;
  quiet: boolean;
  verbose: boolean;
}
