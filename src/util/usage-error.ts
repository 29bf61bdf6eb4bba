// Bad arguments, environment or combination of options: main.ts exits 2 (UNKNOWN under
// -o nagios) and nothing is probed. Thrown only while a command's configuration is built.
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose --help the error points at; undefined: the program's. */
  command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}

/** The one form every usage error takes on stderr. */
export function usageMessage(error: UsageError): string {
  const help = error.command === undefined ? 'calico-probe --help' : `calico-probe ${error.command} --help`;
  return `calico-probe: ${error.message}\nTry '${help}' for more information.\n`;
}
