// A child process run asynchronously, so servers in the test's own process keep answering it.
import { spawn } from 'node:child_process';

/** Runs `command args` (15 s at most) and resolves with its exit code and output. */
export function inChild(command: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
