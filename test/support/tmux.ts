// A terminal for tests: a private tmux server (its own -L socket name, no user config) with
// one pane of a fixed size, a clean environment, and capture of what a person would see.
// stop() kills this server only, and removes its socket file.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface Terminal {
  /** The pane's text; with `escapes`, colour and attributes as SGR sequences (capture-pane -e). */
  capture(opts?: { escapes?: boolean; join?: boolean }): string;
  /** Polls the pane until `pattern` matches; returns the capture that matched. */
  waitFor(pattern: RegExp, opts?: { escapes?: boolean; timeoutMs?: number }): Promise<string>;
  keys(...keys: string[]): void;
  stop(): void;
}

/** Why tmux tests cannot run here, or undefined; for need()/needs() (.ci/run installs tmux). */
export function tmuxMissing(): string | undefined {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'tmux is not installed';
  }
}

/** Why `shell` cannot be run here, or undefined (.ci/run installs zsh and fish). */
export function shellMissing(shell: string): string | undefined {
  try {
    execFileSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${shell} is not installed`;
  }
}

let counter = 0;

/** Runs `command` (a shell line) in a new pane; the line `__EXIT__ <code>` follows when it ends. */
export function openTerminal(command: string, size: { width: number; height: number }, env: NodeJS.ProcessEnv = {}): Terminal {
  const server = `calico-probe-test-${process.pid}-${counter++}`;
  const tmux = (...args: string[]): string =>
    execFileSync('tmux', ['-L', server, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      // The server inherits this environment: no CI, a colour terminal, nothing else from ours.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env },
    });
  tmux(
    'new-session',
    '-d',
    '-s',
    'probe',
    '-x',
    String(size.width),
    '-y',
    String(size.height),
    `${command}; echo "__EXIT__ $?"; sleep 600`,
  );
  // kill-server leaves the socket file behind; it is ours to remove.
  const socketPath = tmux('display-message', '-p', '#{socket_path}').trim();
  const capture = (opts: { escapes?: boolean; join?: boolean } = {}) =>
    tmux('capture-pane', '-p', '-t', 'probe', ...(opts.escapes ? ['-e'] : []), ...(opts.join ? ['-J'] : []));
  return {
    capture,
    async waitFor(pattern, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
      let last = '';
      while (Date.now() < deadline) {
        last = capture({ escapes: opts.escapes });
        if (pattern.test(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`pane never matched ${pattern}:\n${last}`);
    },
    keys: (...keys) => void tmux('send-keys', '-t', 'probe', ...keys),
    stop: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
      if (socketPath.includes(server)) rmSync(socketPath, { force: true });
    },
  };
}
