// Process hygiene: 500 consecutive probes against the real harness (BIRD 1.6 bird and bird6,
// runit, a Felix stand-in) leave nothing behind. BIRD holds no control connection (every one
// was closed), Felix no open connection, no process of ours
// remains, and the last runs are as fast as the first, measured against `node -e 0` run beside
// them (nothing accumulates).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';
import { processesWithEnv } from './support.ts';

const RUNS = 500;
const WINDOW = 50;

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return ((sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) + (sorted[Math.ceil((sorted.length - 1) / 2)] ?? 0)) / 2;
};

/**
 * Control connections open to the node's BIRD daemons: connected sockets bound to a control
 * socket's path (state 03) in /proc/net/unix. The kernel creates BIRD's end of a connection in
 * the client's network namespace, so ours shows up here, not in BIRD's.
 */
function controlConnections(rig: Rig): Record<string, number> {
  const rows = readFileSync('/proc/self/net/unix', 'utf8')
    .split('\n')
    .slice(1)
    .map((row) => row.trim().split(/\s+/));
  const count = (socket: string): number => rows.filter((f) => f[5] === '03' && f[7] === socket).length;
  return { bird: count(rig.harness.bird.socket), bird6: count(rig.harness.bird6.socket) };
}

/** Every live descendant of this process, by walking /proc's parent links. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parent.set(Number(entry), Number(ppid));
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  for (const pid of parent.keys()) {
    for (let up = parent.get(pid); up !== undefined; up = parent.get(up)) {
      if (up === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found.sort((a, b) => a - b);
}

/** Wall time of `node -e 0`, spawned as runCli spawns the probe. */
async function nodeStartMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore', env: { PATH: process.env.PATH } });
  await once(child, 'close');
  return performance.now() - started;
}

/** Polls `read` until it equals `want` (closing is asynchronous on the far side), then returns it. */
async function settled<T>(read: () => T | Promise<T>, want: T, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(want) && Date.now() < deadline) {
    await sleep(20);
    value = await read();
  }
  return value;
}

/** The measure can fail: a connection held open is counted, and gone once closed. */
async function provesALeakWouldShow(rig: Rig): Promise<void> {
  const held = createConnection(rig.harness.bird.socket);
  await once(held, 'data'); // the banner: BIRD has accepted
  assert.equal(controlConnections(rig).bird, 1, 'a held connection is counted');
  held.destroy();
  assert.equal(await settled(() => controlConnections(rig).bird, 0), 0, 'and gone once closed');
}

test(`${RUNS} consecutive probes leak no socket, no process and no time`, { timeout: 300_000 }, async (t) => {
  if (!requireRig(t, rig)) return;
  await rig.harness.setNodenameAge(120);
  const idle = { bird: 0, bird6: 0 };
  assert.deepEqual(await settled(() => controlConnections(rig!), idle), idle, 'nobody else talks to BIRD');
  await provesALeakWouldShow(rig);
  const treeBefore = descendants(process.pid);
  const marker = `CALICO_PROBE_HYGIENE=${randomUUID()}`;
  const env = { PATH: process.env.PATH, CALICO_PROBE_HYGIENE: marker.split('=')[1] };
  const probeMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const command = i % 2 === 0 ? 'ready' : 'live';
    const run = await runCli([command, '--family', 'dual', '--timeout', '4s', ...rig.args], { env });
    assert.equal(run.code, 0, `run ${i} (${command}):\n${run.stdout}${run.stderr}`);
    assert.equal(run.stderr, '', `run ${i}: nothing on stderr`);
    probeMs.push(run.wallMs);
    // In the windows compared below, a `node -e 0` after each probe: the machine's load moves both.
    if (i < WINDOW || i >= RUNS - WINDOW) baselineMs.push(await nodeStartMs());
  }
  assert.deepEqual(await settled(() => controlConnections(rig!), idle), idle, 'BIRD holds no connection of ours');
  assert.equal(await settled(() => rig!.felix.openConnections(), 0), 0, 'Felix holds no connection of ours');
  assert.deepEqual(processesWithEnv(marker), [], "no process carries the runs' marker");
  assert.deepEqual(descendants(process.pid), treeBefore, 'the process tree is as before');
  const ratio = (probes: number[], baselines: number[]): number => median(probes) / median(baselines);
  const first = ratio(probeMs.slice(0, WINDOW), baselineMs.slice(0, WINDOW));
  const last = ratio(probeMs.slice(-WINDOW), baselineMs.slice(-WINDOW));
  t.diagnostic(
    `${RUNS} probes: median wall time ${median(probeMs.slice(0, WINDOW)).toFixed(1)} ms (first ${WINDOW}), ` +
      `${median(probeMs.slice(-WINDOW)).toFixed(1)} ms (last ${WINDOW}); against node -e 0: ${first.toFixed(2)}× then ${last.toFixed(2)}×`,
  );
  // Generous: load from other work still moves single medians; a leak grows without bound.
  assert.ok(last <= first * 1.5, `slower over time: ${first.toFixed(2)}× → ${last.toFixed(2)}× node -e 0`);
});
