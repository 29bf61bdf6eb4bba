// Teardown from what is on disk (state.json, pid files, supervise/), so the same code serves
// Harness.stop(), the exit/signal hooks and `cli.ts down <dir>` in another process. Every PID is
// checked to still belong to the harness dir before it is signalled.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessLayout, readState } from './layout.ts';
import { deleteNetns } from './netns.ts';
import { belongsTo, groupMembers, isAlive, readPid, signal, stopPids } from './processes.ts';
import { stopRunit } from './runit.ts';

/** Tells start-up code still in flight to stop starting things (see spawnDaemon, createNetwork). */
export function markStopping(file: string): void {
  try {
    writeFileSync(file, '');
  } catch {
    // The dir is already gone: nothing left to start into.
  }
}

/** Daemons started directly (peers, node BIRD 2), from their pid files. */
function daemonPids(dir: string): number[] {
  const { pidDir } = harnessLayout(dir);
  let files: string[] = [];
  try {
    files = readdirSync(pidDir);
  } catch {
    return [];
  }
  return files.map((f) => readPid(join(pidDir, f))).filter((p): p is number => p !== undefined && isAlive(p) && belongsTo(p, dir));
}

/** Stops everything the harness in `dir` started, deletes its namespaces and the dir. Idempotent. */
export async function teardownDir(dir: string): Promise<void> {
  const L = harnessLayout(dir);
  const state = readState(dir);
  if (state === undefined) {
    if (existsSync(dir)) throw new Error(`${dir} has no harness state.json; refusing to remove it`);
    return;
  }
  markStopping(L.stopping);
  await Promise.all([stopPids(daemonPids(dir), 'SIGTERM', 4000), stopRunit(state.bins.sv, L.serviceDir, readPid(L.runsvdirPid), dir)]);
  await deleteNetns(state.bins.ip, state.namespaces);
  rmSync(dir, { recursive: true, force: true });
}

/** For process 'exit', where nothing asynchronous runs: signal, poll briefly, SIGKILL the rest. */
export function teardownDirSync(dir: string): void {
  const L = harnessLayout(dir);
  const state = readState(dir);
  if (state === undefined) return;
  markStopping(L.stopping);
  const runsvdir = readPid(L.runsvdirPid);
  // runsvdir first, so it cannot start a fresh runsv while the others go down.
  if (runsvdir !== undefined && isAlive(runsvdir) && belongsTo(runsvdir, dir)) signal(runsvdir, 'SIGTERM');
  // runsv and the services share runsvdir's process group (see stopRunit); re-read it each round
  // to catch a runsv forked just before runsvdir went.
  const targets = (): number[] => [
    ...daemonPids(dir),
    ...(runsvdir === undefined ? [] : groupMembers(runsvdir).filter((p) => p !== runsvdir && belongsTo(p, dir))),
  ];
  const deadline = Date.now() + 2000;
  const tick = new Int32Array(new SharedArrayBuffer(4));
  let pids = targets();
  while (pids.length > 0 && Date.now() < deadline) {
    for (const p of pids) signal(p, 'SIGTERM');
    Atomics.wait(tick, 0, 0, 50);
    pids = targets();
  }
  for (const p of pids) signal(p, 'SIGKILL');
  for (const ns of state.namespaces) {
    try {
      execFileSync(state.bins.ip, ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // Not there: already deleted.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

// Live harnesses of this process, torn down on exit or on a terminating signal.
const live = new Map<string, () => Promise<void>>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function onExit(): void {
  for (const dir of live.keys()) teardownDirSync(dir);
  live.clear();
}

let stopping = false;

function uninstall(): void {
  installed = false;
  process.removeListener('exit', onExit);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

// Tear down, then die of the same signal so the exit status still says what happened. A second
// signal while the graceful teardown runs switches to the synchronous one.
function onSignal(sig: NodeJS.Signals): void {
  if (stopping) {
    onExit();
    uninstall();
    process.kill(process.pid, sig);
    return;
  }
  stopping = true;
  void Promise.allSettled([...live.values()].map((stop) => stop())).then(() => {
    onExit();
    uninstall();
    process.kill(process.pid, sig);
  });
}

export function registerTeardown(dir: string, stop: () => Promise<void>): void {
  live.set(dir, stop);
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

export function unregisterTeardown(dir: string): void {
  live.delete(dir);
  // While a signal-driven teardown runs, the handlers must stay until it re-raises the signal.
  if (live.size === 0 && installed && !stopping) uninstall();
}
