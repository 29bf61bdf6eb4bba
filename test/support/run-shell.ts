// Runs a shell script from a test, optionally under a wrapper such as unshare, and collects
// what it printed. A hung script is killed rather than hanging the test.
import { spawn } from 'node:child_process';

/** `sh -c script`, with `args` as "$@" and `env` added to PATH; `wrapper` goes in front (unshare …). */
export function runShell(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  wrapper: string[] = [],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [command, ...rest] = [...wrapper, 'sh', '-c', script, 'sh', ...args];
  const child = spawn(command as string, rest, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}
