// A long-running CLI (watch) as a test sees it: stdout line by line as it comes, stderr
// whole, signals on demand, and the exit. A session that outlives its guard is SIGKILLed.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './run-cli.ts';

export interface CliSession {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  /** Resolves with the first stdout line (index and text) matching, or rejects after timeoutMs. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<{ index: number; line: string }>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export function startCli(args: string[], options: { env?: NodeJS.ProcessEnv; guardMs?: number } = {}): CliSession {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), options.guardMs ?? 60_000);
  const started = performance.now();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      for (const wake of waiters) wake();
      resolve({ code, signal, ms: performance.now() - started });
    });
  });
  const waitForLine = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<{ index: number; line: string }>((resolve, reject) => {
      const check = (): void => {
        const index = lines.findIndex((l) => pattern.test(l));
        if (index >= 0) return finish(() => resolve({ index, line: lines[index] as string }));
        if (child.exitCode !== null || child.signalCode !== null)
          finish(() => reject(new Error(`exited before a line matched ${pattern}:\n${lines.join('\n')}\n${stderr}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no line matched ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}\n${stderr}`))),
        timeoutMs,
      );
      const finish = (done: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        done();
      };
      waiters.add(check);
      check();
    });
  return { child, lines, stderr: () => stderr, waitForLine, exited };
}
