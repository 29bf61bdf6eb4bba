// Runs the built CLI (bin/calico-probe.js → dist bundle) as kubelet would: a fresh
// process, stdout and stderr pipes (not a TTY), and reports what came back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/calico-probe.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  firstLine: string;
  wallMs: number;
}

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  killAfterMs?: number;
  uid?: number;
  gid?: number;
  /** Node options before the script, e.g. a `--require` that records peak memory. */
  nodeArgs?: string[];
  /** Another node binary and CLI entry (copies an unprivileged uid can reach). */
  execPath?: string;
  cli?: string;
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(options.execPath ?? process.execPath, [...(options.nodeArgs ?? []), options.cli ?? CLI, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: options.uid,
    gid: options.gid,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // A hung CLI must fail the test, not hang it.
  const guard = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, firstLine: stdout.split('\n')[0] ?? '', wallMs: performance.now() - started });
    });
  });
}
