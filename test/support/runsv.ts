// A real runsv over a temp service directory, for supervise.ts tests. Each runsv is started
// here, in its own process group, and stopped by its PID (sv exit, then SIGKILL if it lingers).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Why real-runit tests cannot run here, or undefined; pass it to needs() (support/needs.ts). */
export function runitMissing(): string | undefined {
  const missing = ['runsv', 'sv'].filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  if (missing.length === 0) return undefined;
  return `${missing.join(', ')} not in PATH (install runit)`;
}

/** A temp SVDIR-like root, world-readable so an unprivileged process can reach supervise/. */
export async function makeRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'calico-probe-runit-'));
  await chmod(root, 0o755);
  return root;
}

export async function makeService(root: string, name: string, run: string, opts: { downFile?: boolean } = {}): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'run'), `#!/bin/sh\n${run}\n`, { mode: 0o755 });
  if (opts.downFile) await writeFile(join(dir, 'down'), '');
  return dir;
}

/** `sv <args>` output (stdout and stderr); sv's exit code is not an error here. */
export function sv(...args: string[]): string {
  const result = spawnSync('sv', args, { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export interface Runsv {
  dir: string;
  child: ChildProcess;
  pid: number;
  /** sv kill + sv exit, wait for runsv to leave; SIGKILL it by PID after 5 s. Idempotent. */
  stop(): Promise<void>;
}

export async function startRunsv(dir: string, expect: RegExp = /^run: /): Promise<Runsv> {
  const child = spawn('runsv', [dir], { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error('runsv did not start');
  await waitFor(() => expect.test(sv('status', dir)), `runsv ${dir} to report ${expect}`);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    sv('kill', dir);
    sv('exit', dir);
    const late = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(late);
  };
  return { dir, child, pid, stop };
}

export async function removeRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/** The path of bash, for a PATH that has bash (zx needs it) but no sv. */
export function bashPath(): string {
  return execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
}
