// Runs the built CLI (bin/calico-probe.js → dist bundle) as kubelet would: a fresh
// process, stdout and stderr pipes (not a TTY), and reports what came back.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { nobodyCopy } from './nobody.ts';

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
  /** Another node binary and CLI entry; by default, with a uid other than root's, copies it can reach. */
  execPath?: string;
  cli?: string;
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliRun> {
  const started = performance.now();
  // An unprivileged uid may not enter the checkout (a clone in a 0700 home): run what it can read.
  const unprivileged = options.uid !== undefined && options.uid !== 0 ? nobodyCopy() : undefined;
  const execPath = options.execPath ?? unprivileged?.execPath ?? process.execPath;
  const cli = options.cli ?? unprivileged?.cli ?? CLI;
  const child = spawn(execPath, [...(options.nodeArgs ?? []), cli, ...args], {
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
