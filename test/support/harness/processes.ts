// Daemons the harness starts, and how it checks and stops them: always by PID, and only after
// checking that the PID still belongs to this harness (a recorded PID may have been reused).

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, readdirSync, writeFileSync } from 'node:fs';
import { pollUntil } from './poll.ts';

/** Starts `command` in its own process group (so terminal signals aimed at the test runner do not
 * reach it and the harness decides the order of shutdown), with output appended to `logFile`.
 * Refuses once `stopMarker` exists: a start-up still in flight must not add daemons behind a
 * teardown that has already collected the PIDs. */
export function spawnDaemon(command: string, args: readonly string[], logFile: string, pidFile: string, stopMarker: string): number {
  if (existsSync(stopMarker)) throw new Error(`harness is being torn down; not starting ${command}`);
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log] });
    if (child.pid === undefined) throw new Error(`could not start ${command} ${args.join(' ')}`);
    // Unref'd so a test that forgets stop() still ends; the exit hook then tears down.
    child.unref();
    child.on('error', () => {});
    writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** Alive and not a zombie: an exited daemon stays in /proc until its parent reaps it. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** True when the process refers to `dir` in its command line or runs inside it (runsv and the run
 * scripts have their service directory as cwd). Guards every kill of a PID read from a file. */
export function belongsTo(pid: number, dir: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) return true;
  } catch {
    return false;
  }
  try {
    return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
  } catch {
    return false;
  }
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone: stopping is idempotent.
  }
}

/** Live processes whose /proc/<pid>/stat field (1 = ppid, 2 = pgid, counted after the state) matches. */
function processesWhere(field: 1 | 2, value: number, includeZombies = false): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[field]) === value && (includeZombies || fields[0] !== 'Z')) out.push(Number(entry));
    } catch {
      // Exited while we looked.
    }
  }
  return out;
}

/** runsvdir's runsv children; with `includeZombies`, also those it has not reaped yet. */
export function childrenOf(ppid: number, includeZombies = false): number[] {
  return processesWhere(1, ppid, includeZombies);
}

export function groupMembers(pgid: number): number[] {
  return processesWhere(2, pgid);
}

/** Waits until none of `pids` is alive; SIGKILLs the remainder at the deadline and waits again. */
export async function stopPids(pids: readonly number[], sig: NodeJS.Signals, timeoutMs: number): Promise<void> {
  for (const pid of pids) signal(pid, sig);
  try {
    await pollUntil(() => (pids.some(isAlive) ? undefined : true), { timeoutMs, intervalMs: 25, what: `pids ${pids.join(',')} to exit` });
  } catch {
    for (const pid of pids.filter(isAlive)) signal(pid, 'SIGKILL');
    await pollUntil(() => (pids.some(isAlive) ? undefined : true), {
      timeoutMs: 2000,
      intervalMs: 25,
      what: `pids ${pids.join(',')} to exit after SIGKILL`,
    });
  }
}
