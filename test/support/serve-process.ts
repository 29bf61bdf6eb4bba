// Runs the built `calico-probe serve` as a sidecar would: a child process, its JSON log lines
// read from stderr. It listens on port 0; the `listening` line says where.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI } from './run-cli.ts';

export interface LogLine {
  event: string;
  level: string;
  [field: string]: unknown;
}

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` of the health listener. */
  base: string;
  logs: LogLine[];
  /** The first log line (already seen or to come) with this event that matches. */
  waitForLog(event: string, match?: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
// A failed test must not leave a server behind: kill our own children, by their PID.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServe(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; expect?: 'listening' | 'exit' } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', ...args], {
    env: { PATH: process.env.PATH, ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ event: 'not-json', level: 'error', line });
      }
      for (const wake of waiters) wake();
    }
  });
  const waitForLog = (event: string, match: (line: LogLine) => boolean = () => true, timeoutMs = 10_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = logs.find((l) => l.event === event && match(l));
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no '${event}' log line within ${timeoutMs} ms; got: ${JSON.stringify(logs)}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  if (opts.expect === 'exit') {
    await exited;
    return { child, base: '', logs, waitForLog, stop };
  }
  const listening = await Promise.race([
    waitForLog('listening'),
    exited.then((how) => {
      throw new Error(`serve exited (${JSON.stringify(how)}) before listening: ${JSON.stringify(logs)}`);
    }),
  ]);
  return { child, base: `http://${String(listening.address)}`, logs, waitForLog, stop };
}
