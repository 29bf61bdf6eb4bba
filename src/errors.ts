// The two errors that end a run early. main.ts maps them to exit codes; nothing else does.

/** Bad arguments, environment or combination of options: exit 2, nothing probed. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure of calico-probe itself rather than of what it probes: exit 3. */
export class InternalError extends Error {
  override name = 'InternalError';
}
