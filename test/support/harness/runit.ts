// The runit side: a service directory shaped like calico/node's (confd, bird, bird6), supervised
// by a runsvdir this harness starts in its own process group.

import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { $ } from 'zx';
import { pollUntil } from './poll.ts';
import { belongsTo, childrenOf, groupMembers, isAlive, readPid, signal, spawnDaemon, stopPids } from './processes.ts';

export type ServiceName = 'confd' | 'bird' | 'bird6';
export const SERVICES: readonly ServiceName[] = ['confd', 'bird', 'bird6'];

const sh = $({ quiet: true, nothrow: true });
const q = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

export interface BirdService {
  ip: string;
  bird: string;
  netns: string;
  socket: string;
  config: string;
  log: string;
  gracefulRestart: boolean;
}

/** Writes `<serviceDir>/{confd,bird,bird6}/run`. The bird scripts mirror calico/node's
 * `exec bird -R -s /var/run/calico/bird.ctl -d -c …/bird.cfg`, entered into the node netns. */
export function writeServices(serviceDir: string, confdLog: string, birds: Record<'bird' | 'bird6', BirdService>): void {
  const scripts: Record<ServiceName, string> = {
    // Stand-in for confd: runit only needs a long-running process to supervise.
    confd: `exec >>${q(confdLog)} 2>&1\nexec sleep infinity`,
    bird: birdScript(birds.bird),
    bird6: birdScript(birds.bird6),
  };
  for (const name of SERVICES) {
    mkdirSync(join(serviceDir, name), { recursive: true });
    writeFileSync(join(serviceDir, name, 'run'), `#!/bin/sh\n${scripts[name]}\n`, { mode: 0o755 });
  }
}

function birdScript(s: BirdService): string {
  const args = [s.ip, 'netns', 'exec', s.netns, s.bird, ...(s.gracefulRestart ? ['-R'] : []), '-s', s.socket, '-d', '-c', s.config];
  return `exec >>${q(s.log)} 2>&1\nexec ${args.map(q).join(' ')}`;
}

// With a log argument runsvdir polls a pipe (its fd 2) besides sleeping; any byte written to it
// wakes the loop. The argument is also its readproctitle area, hence the dots.
const RUNSVDIR_LOG_ARG = `log: ${'.'.repeat(40)}`;

/** Starts runsvdir in a new session and process group; returns its PID (also written to `pidFile`). */
export function startRunsvdir(runsvdirBin: string, serviceDir: string, logFile: string, pidFile: string, stopMarker: string): number {
  return spawnDaemon(runsvdirBin, [serviceDir, RUNSVDIR_LOG_ARG], logFile, pidFile, stopMarker);
}

function wakeRunsvdir(pid: number): void {
  try {
    const fd = openSync(`/proc/${pid}/fd/2`, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      writeSync(fd, '.');
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not a pipe any more or runsvdir gone: the 5 s loop still reaps eventually.
  }
}

/** `run`, `down`, `finish`, or undefined while runsv has not written it yet. */
export function serviceStat(serviceDir: string, name: ServiceName): string | undefined {
  try {
    return readFileSync(join(serviceDir, name, 'supervise/stat'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** What runsv wants for the service (byte 17 of supervise/status: `u` or `d`), once it has said. */
export function serviceWant(serviceDir: string, name: ServiceName): 'up' | 'down' | undefined {
  try {
    const want = readFileSync(join(serviceDir, name, 'supervise/status'))[17];
    return want === 0x75 ? 'up' : want === 0x64 ? 'down' : undefined;
  } catch {
    return undefined;
  }
}

export function servicePid(serviceDir: string, name: string): number | undefined {
  return readPid(join(serviceDir, name, 'supervise/pid'));
}

/** runsv holds supervise/ok open for reading; a non-blocking write-open fails with ENXIO without it. */
export function isSupervised(serviceDir: string, name: ServiceName): boolean {
  try {
    closeSync(openSync(join(serviceDir, name, 'supervise/ok'), constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch {
    return false;
  }
}

export async function sv(svBin: string, command: string, serviceDir: string, names: readonly string[]): Promise<string> {
  const out = await sh`${svBin} ${command} ${names.map((n) => join(serviceDir, n))}`;
  return out.stdout + out.stderr;
}

export function waitServiceState(serviceDir: string, name: ServiceName, state: 'run' | 'down', timeoutMs = 10_000): Promise<true> {
  return pollUntil(() => (serviceStat(serviceDir, name) === state ? true : undefined), {
    timeoutMs,
    intervalMs: 25,
    what: `runit service ${name} to be ${state}`,
  });
}

/** Stops the runit tree so that nothing is left for init to reap (init may not reap at all, as in
 * some containers). Service dirs are first renamed to dot-names, which runsvdir ignores, so it
 * starts no new runsv; then the services go down and each runsv exits while runsvdir still reaps
 * it; runsvdir (our child) goes last. Safe at any point of start-up, even before runsv exists. */
export async function stopRunit(svBin: string, serviceDir: string, runsvdirPid: number | undefined, dir: string): Promise<void> {
  const runsvdir = runsvdirPid !== undefined && isAlive(runsvdirPid) && belongsTo(runsvdirPid, dir) ? runsvdirPid : undefined;
  for (const n of SERVICES) {
    try {
      renameSync(join(serviceDir, n), join(serviceDir, `.${n}`));
    } catch {
      // Already hidden (an earlier or concurrent teardown) or never created.
    }
  }
  const supervised = SERVICES.map((n) => `.${n}`).filter((n) => existsSync(join(serviceDir, n, 'supervise')));
  if (supervised.length > 0) {
    // force-stop: TERM, and KILL if a service is still up after 5 s; exit: runsv quits once it is down.
    await sh`${svBin} -w 5 force-stop ${supervised.map((n) => join(serviceDir, n))}`;
    await sv(svBin, 'exit', serviceDir, supervised);
  }
  if (runsvdirPid === undefined) return;
  // runsv does not setsid, so runsvdir's process group holds every runsv and service, including
  // any runsv forked while we were busy. The group id cannot be reused while a member is left.
  const others = (): number[] => groupMembers(runsvdirPid).filter((p) => p !== runsvdirPid && belongsTo(p, dir));
  await stopPids(others(), 'SIGTERM', 5000);
  if (runsvdir !== undefined) {
    // runsvdir reaps only when its loop wakes (every 1–5 s, SIGCHLD blocked), so it is woken
    // through its log pipe. Killing it before it reaps would hand the zombies to init.
    await pollUntil(
      () => {
        const left = childrenOf(runsvdir, true);
        if (left.length === 0) return true;
        const alive = left.filter(isAlive);
        if (alive.length === 0) wakeRunsvdir(runsvdir);
        else for (const p of alive.filter((c) => belongsTo(c, dir))) signal(p, 'SIGTERM');
        return undefined;
      },
      { timeoutMs: 7000, intervalMs: 25, what: 'runsvdir to reap its runsv processes' },
    ).catch(() => {});
    await stopPids([runsvdir], 'SIGTERM', 3000);
  }
  await stopPids(others(), 'SIGKILL', 2000);
}
