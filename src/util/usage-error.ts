// Bad arguments, environment or combination of options: main.ts exits 2 (UNKNOWN under
// -o nagios) and nothing is probed. Thrown only while a command's configuration is built.
export class UsageError extends Error {
  override name = 'UsageError';
}
