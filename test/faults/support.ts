// What every fault test shares: the promise being tested (exit code, a first line naming the
// check and the fault, done within --timeout + 250 ms, no stack trace, ended by itself, no
// descendant left), and healthy stand-ins for the parts a test does not break, so the verdict
// line names only the fault under test.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { need, rootMissing } from '../support/needs.ts';
import { NOBODY_IDS, nobodyCopy } from '../support/nobody.ts';
import { runCli, type CliRun, type RunCliOptions } from '../support/run-cli.ts';

export const TIMEOUT = '2s';
export const TIMEOUT_MS = 2000;
/** How far past --timeout a run may end: the bound, measured from spawn to exit. */
export const SLACK_MS = 250;
/** main.ts's safety net: seeing it means something kept the process alive past the deadline. */
export const SAFETY_NET = 'still running after the deadline';
const STACK_FRAME = /^\s+at .*(?:\(|\s)(?:node:|\/|file:).*:\d+(?::\d+)?\)?$/m;

export interface Expectation {
  code: number;
  firstLine: RegExp | string;
  timeoutMs?: number;
}

/** Asserts the whole promise of a fault run; `label` says which run failed. */
export function assertFault(run: CliRun, expect: Expectation, label = ''): void {
  const limit = (expect.timeoutMs ?? TIMEOUT_MS) + SLACK_MS;
  const context = `${label}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
  assert.equal(run.signal, null, `killed by ${run.signal}${context}`);
  assert.equal(run.code, expect.code, `exit code${context}`);
  if (typeof expect.firstLine === 'string') assert.equal(run.firstLine, expect.firstLine, context);
  else assert.match(run.firstLine, expect.firstLine, context);
  assert.ok(run.wallMs <= limit, `took ${Math.round(run.wallMs)} ms, more than ${limit} ms${context}`);
  assert.doesNotMatch(`${run.stdout}\n${run.stderr}`, STACK_FRAME, `a stack trace${context}`);
  assert.ok(!run.stderr.includes(SAFETY_NET), `the safety net had to end the process${context}`);
}

/**
 * runCli with a marker in the environment, which every descendant inherits; once the probe
 * has exited, no process may still carry it (an orphaned `sv`, a stray shell).
 */
export async function probe(args: string[], opts: RunCliOptions = {}): Promise<CliRun> {
  const marker = `CALICO_PROBE_FAULT_RUN=${randomUUID()}`;
  const [name, value] = marker.split('=') as [string, string];
  const run = await runCli(args, { ...opts, env: { PATH: process.env.PATH, ...opts.env, [name]: value } });
  const left = processesWithEnv(marker);
  assert.deepEqual(left, [], `processes left behind by calico-probe ${args.join(' ')}`);
  return run;
}

/** PIDs whose environment holds `entry` (NAME=value). Root reads every environ. */
export function processesWithEnv(entry: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry)) found.push(Number(pid));
    } catch {
      // Gone, or a kernel thread.
    }
  }
  return found;
}

/** A temp directory an unprivileged probe can traverse; removed after the test file. */
export async function tempDir(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A nodename file `ageSeconds` old: 120 closes the strict window, so one Established peer is enough. */
export async function nodenameFile(dir: string, ageSeconds = 120): Promise<string> {
  const path = join(dir, 'nodename');
  await writeFile(path, 'node-1\n', { mode: 0o644 });
  const when = new Date(Date.now() - ageSeconds * 1000);
  await utimes(path, when, when);
  return path;
}

/** Root to set a probe's uid (EACCES as `nobody`); outside CI a skip saying so, in CI a failure. */
export function needsRoot(t: TestContext): boolean {
  return need(t, rootMissing('to run the probe as nobody'));
}

/**
 * Options to run the probe as `nobody`; from a checkout out of its reach (under /root, say) node
 * and the CLI are a copy (test/support/nobody.ts). `dir` is kept for the callers' sake.
 */
export async function asNobody(_dir: string): Promise<RunCliOptions> {
  const { execPath, cli } = nobodyCopy();
  return { ...NOBODY_IDS, execPath, cli };
}
