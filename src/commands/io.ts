// What a command may touch of the process. main.ts builds it; commands never read argv or the
// environment, and never exit: each resolves with its exit code.
export interface CommandIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /**
   * Aborted by SIGINT or SIGTERM, or when stdout's reader goes away. Only the long-running
   * commands read it: reading it is what installs the handlers, so a probe still dies at once.
   */
  readonly signal: AbortSignal;
  /** stdout's width when it is a terminal; undefined in a pipe. */
  columns: number | undefined;
  /** stderr as a stream, for watch's spinner. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}
