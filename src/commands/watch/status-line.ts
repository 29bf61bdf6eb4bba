// The line under the transitions on a terminal: an ora spinner on stderr with the current
// state. ora is loaded only when stderr is a terminal with a known width (ora 9 spins forever
// on a zero-column pty) and the caller allows it; otherwise every method but print is a no-op.

export interface StatusLine {
  /** New text; the spinner turns green in the success state, red in the failure state. */
  update(text: string, state?: 'success' | 'failure'): void;
  /** Writes a line on stdout without tearing the spinner. */
  print(line: string): void;
  /** Ends the spinner, leaving `text` with a ✔ (success) or ✖ (failure) beside it. */
  stop(text: string, ok: boolean): void;
}

export interface StatusStream {
  isTTY?: boolean;
  columns?: number;
}

export function spinnerPossible(stderr: StatusStream): boolean {
  return Boolean(stderr.isTTY) && (stderr.columns ?? 0) > 0;
}

export async function openStatusLine(
  enabled: boolean,
  stderr: NodeJS.WritableStream,
  writeOut: (text: string) => void,
  color = true,
): Promise<StatusLine> {
  if (!enabled) return { update() {}, print: (line) => writeOut(`${line}\n`), stop() {} };
  const { default: ora } = await import('ora');
  // isEnabled: the caller has checked the terminal; ora's own check would also turn it off under CI=true.
  // discardStdin: false keeps the terminal out of raw mode, so Ctrl-C stays a plain SIGINT.
  const spinner = ora({
    stream: stderr,
    isEnabled: true,
    discardStdin: false,
    text: 'first run…',
    color: color ? 'yellow' : false,
  }).start();
  return {
    update: (text, state) => {
      if (color && state !== undefined) spinner.color = state === 'success' ? 'green' : 'red';
      spinner.text = text;
    },
    print: (line) => {
      spinner.clear();
      writeOut(`${line}\n`);
      spinner.render();
    },
    stop: (text, ok) => {
      if (ok) spinner.succeed(text);
      else spinner.fail(text);
    },
  };
}
