// One measured run of a command, the way the kubelet runs a probe: a fresh process, stdout and
// stderr not a TTY. bash only forks and execs it (nothing is parsed; hyperfine -N measures the
// same fork and exec), brackets it with $EPOCHREALTIME (µs wall clock) and reads the children's
// CPU time with `times` (getrusage, ms). GNU time's %M gives peak RSS in a separate run, so its
// own fork never counts in the time figures. Asynchronous: the Felix stand-in answers from this
// process's event loop.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Command {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  /** Exit status a healthy run has; anything else stops the benchmark. Default 0. */
  expectExit?: number;
  /** Held to the exec-path budget (BENCHMARKS.md: ≤ 2.0× wall and CPU, ≤ +10 MB peak RSS). */
  budget?: boolean;
  /** Held to the first-run budget: CPU only (BENCHMARKS.md). */
  firstRunBudget?: boolean;
  /**
   * Every run gets a code cache directory that does not exist yet (CALICO_PROBE_CACHE_DIR): the
   * first probe after an install or an upgrade, which finds no cache and writes one.
   */
  freshCache?: boolean;
}

/** The command's environment; with `freshCache`, a new cache directory to remove afterwards. */
function commandEnv(command: Command): { env: Record<string, string> | undefined; done(): void } {
  if (command.freshCache !== true) return { env: command.env, done: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-fresh-'));
  return {
    env: { ...command.env, CALICO_PROBE_CACHE_DIR: join(dir, 'cache') },
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Timing {
  wallMs: number;
  cpuMs: number;
}

const TIMER = `s=$EPOCHREALTIME; "$@" >/dev/null 2>&1; rc=$?; e=$EPOCHREALTIME; echo "$s $e $rc"; times`;
const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/**
 * The environment every command runs in: nothing from the caller's NODE_OPTIONS and the like,
 * plus a padding variable whose length changes from run to run. The size of argv and the
 * environment shifts the process's memory layout, and with it peak RSS by up to 2 MB for the
 * same command (measured); varying it samples layouts instead of measuring one by chance.
 */
export function baseEnv(): Record<string, string> {
  padding = (padding + 37) % 1024;
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', BENCH_LAYOUT_PADDING: 'x'.repeat(padding) };
}
let padding = 0;

/** Runs argv to its end; resolves with its exit status and stdout. */
export function run(argv: readonly string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0] as string, argv.slice(1), {
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 30_000,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

export async function timeOnce(command: Command): Promise<Timing> {
  const fresh = commandEnv(command);
  const out = await run(['bash', '-c', TIMER, 'timer', ...command.argv], fresh.env).finally(fresh.done);
  const [bracket = '', , children = ''] = out.stdout.trim().split('\n');
  const [start, end, rc] = bracket.split(' ').map(Number);
  const cpu = TIMES_LINE.exec(children.trim());
  if (start === undefined || end === undefined || cpu === null)
    throw new Error(`${command.name}: cannot read the timer's output: ${out.stdout}`);
  checkExit(command, rc);
  const seconds = (m: string | undefined, s: string | undefined): number => Number(m) * 60 + Number(s);
  return { wallMs: (end - start) * 1000, cpuMs: (seconds(cpu[1], cpu[2]) + seconds(cpu[3], cpu[4])) * 1000 };
}

export async function peakRssKb(command: Command): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
  try {
    const file = join(dir, 'rss');
    const fresh = commandEnv(command);
    const out = await run(['/usr/bin/time', '-f', '%M', '-o', file, ...command.argv], fresh.env).finally(fresh.done);
    checkExit(command, out.status ?? undefined);
    const kb = Number(readFileSync(file, 'utf8').trim().split('\n').at(-1));
    if (!Number.isFinite(kb)) throw new Error(`${command.name}: GNU time gave no peak RSS`);
    return kb;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A benchmark of a failing probe measures the wrong path: stop instead. */
function checkExit(command: Command, rc: number | undefined): void {
  const expected = command.expectExit ?? 0;
  if (rc !== expected) throw new Error(`${command.name} exited ${rc}, expected ${expected}: ${command.argv.join(' ')}`);
}

export interface Spread {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (sorted[lo] ?? NaN) + ((sorted[hi] ?? NaN) - (sorted[lo] ?? NaN)) * (pos - lo);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
}
