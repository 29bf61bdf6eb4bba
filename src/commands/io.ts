// What a command may touch of the process. main.ts builds it; commands never read argv or the
// environment, and never exit: each resolves with its exit code.
export interface CommandIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** stdout's width when it is a terminal; undefined in a pipe. */
  columns: number | undefined;
  /** stderr as a stream, for watch's spinner. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

/** For watch and serve, which run until stopped. */
export interface LongRunningIo extends CommandIo {
  /** Aborted by SIGINT or SIGTERM, or when stdout's reader goes away. */
  signal: AbortSignal;
}
