// supervise.ts against a real runsv in a temp directory. The sv cross-checks compare our line
// with what `sv status` prints for the same directory at the same moment (uptime aside).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readServiceStatus } from '../../src/runit/supervise.ts';
import { needs } from '../support/needs.ts';
import { makeRoot, makeService, removeRoot, runitMissing, startRunsv, sv, waitFor, type Runsv } from '../support/runsv.ts';

const skip = needs(runitMissing());
let root = '';
const started: Runsv[] = [];
const signal = (): AbortSignal => AbortSignal.timeout(5000);
const withoutUptime = (line: string): string => line.replace(/ \d+s\b/, ' Ns');

function command(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

before(async () => {
  root = await makeRoot();
});
after(async () => {
  await Promise.all(started.map((runsv) => runsv.stop()));
  await removeRoot(root);
});

async function supervised(name: string, run: string, opts: { downFile?: boolean } = {}): Promise<Runsv> {
  const dir = await makeService(root, name, run, opts);
  const runsv = await startRunsv(dir, opts.downFile ? /^down: / : /^run: /);
  started.push(runsv);
  return runsv;
}

test('a running service is up, with the pid runsv started', { skip }, async () => {
  const runsv = await supervised('bird', 'exec sleep 1000');
  const status = await readServiceStatus(root, 'bird', { signal: signal() });
  const pid = Number(readFileSync(join(runsv.dir, 'supervise', 'pid'), 'utf8'));
  assert.equal(status.state, 'up');
  assert.equal(status.pid, pid);
  assert.doesNotThrow(() => process.kill(pid, 0), 'the pid is a live process');
  assert.deepEqual([status.want, status.normallyUp, status.paused, status.source], ['up', true, false, 'supervise']);
  assert.equal(status.service, 'bird');
  assert.equal(status.dir, runsv.dir);
  assert.equal(status.error, undefined);
  assert.equal(withoutUptime(status.raw), withoutUptime(sv('status', runsv.dir)));
});

test('sv down: down, normally up; sv up: up again', { skip }, async () => {
  const runsv = await supervised('confd', 'exec sleep 1000');
  sv('down', runsv.dir);
  await waitFor(() => sv('status', runsv.dir).startsWith('down:'), 'confd down');
  const down = await readServiceStatus(root, 'confd', { signal: signal() });
  assert.deepEqual([down.state, down.pid, down.want, down.normallyUp], ['down', null, 'down', true]);
  assert.equal(withoutUptime(down.raw), withoutUptime(sv('status', runsv.dir)));
  assert.match(down.raw, /^down: .*\/confd: \d+s, normally up$/);

  sv('up', runsv.dir);
  await waitFor(() => sv('status', runsv.dir).startsWith('run:'), 'confd up');
  assert.equal((await readServiceStatus(root, 'confd', { signal: signal() })).state, 'up');
});

test('a service that ignores TERM after sv down is stopping (want down, got TERM)', { skip }, async () => {
  const runsv = await supervised('bird6', "trap '' TERM; exec sleep 1000");
  // Until the shell has run `trap` and exec'd sleep, TERM would still end the service.
  const { pid } = await readServiceStatus(root, 'bird6', { signal: signal() });
  await waitFor(() => pid !== null && command(pid) === 'sleep', 'the service to ignore TERM');
  sv('down', runsv.dir);
  // runsv records `want down` and `got TERM` in two writes of the status file: wait for both.
  await waitFor(() => /want down, got TERM$/.test(sv('status', runsv.dir)), 'want down, got TERM');
  const status = await readServiceStatus(root, 'bird6', { signal: signal() });
  assert.deepEqual([status.state, status.want], ['stopping', 'down']);
  assert.ok(status.pid !== null);
  assert.match(status.raw, /, want down, got TERM$/);
  assert.equal(withoutUptime(status.raw), withoutUptime(sv('status', runsv.dir)));
});

test('a down file: down and not normally up', { skip }, async () => {
  const runsv = await supervised('felix', 'exec sleep 1000', { downFile: true });
  const status = await readServiceStatus(root, 'felix', { signal: signal() });
  assert.deepEqual([status.state, status.normallyUp], ['down', false]);
  assert.equal(withoutUptime(status.raw), withoutUptime(sv('status', runsv.dir)));
});

test('runsv killed: unknown, not down and not up, though supervise/status still says run', { skip }, async () => {
  const runsv = await supervised('node-services', 'exec sleep 1000');
  const servicePid = (await readServiceStatus(root, 'node-services', { signal: signal() })).pid;
  assert.ok(servicePid !== null);
  runsv.child.kill('SIGKILL'); // a crash: the service process is left behind, orphaned
  await new Promise((resolve) => runsv.child.once('exit', resolve));
  process.kill(servicePid, 'SIGKILL'); // ours: started by the runsv this test started
  await deadOrZombie(servicePid); // until then it may still hold supervise/ok open
  const status = await readServiceStatus(root, 'node-services', { signal: signal() });
  assert.equal(status.state, 'unknown');
  assert.equal(status.error, `runsv is not running for ${runsv.dir}`);
  assert.equal(status.raw, `fail: ${runsv.dir}: runsv not running`);
  assert.equal(status.raw, sv('status', runsv.dir));
});

test('a missing service directory: unknown, naming the path', async () => {
  const status = await readServiceStatus(root || '/nonexistent', 'felix6', { signal: signal() });
  assert.equal(status.state, 'unknown');
  assert.equal(status.error, `service directory ${status.dir} does not exist`);
  assert.equal(status.raw, `fail: ${status.dir}: unable to change to service directory: file does not exist`);
});

test('a directory runsv never supervised: unknown', async () => {
  const dir = await makeService(root, 'calico', 'exec sleep 1000');
  const status = await readServiceStatus(root, 'calico', { signal: signal() });
  assert.equal(status.state, 'unknown');
  assert.equal(status.error, `runsv is not running for ${dir} (never supervised: no supervise/ok)`);
  if (!skip) assert.equal(status.raw, sv('status', dir));
});

test('a malformed supervise/status: unknown (no runsv needed: a FIFO reader stands in)', { skip }, async () => {
  const runsv = await supervised('bad', 'exec sleep 1000');
  const fake = join(root, 'bad-copy');
  await mkdir(join(fake, 'supervise'), { recursive: true });
  await writeFile(join(fake, 'supervise', 'status'), 'not twenty bytes');
  // Reuse the live runsv's ok FIFO via a symlink so the liveness probe passes.
  await symlink(join(runsv.dir, 'supervise', 'ok'), join(fake, 'supervise', 'ok'));
  const status = await readServiceStatus(root, 'bad-copy', { signal: signal() });
  assert.equal(status.state, 'unknown');
  assert.match(status.error ?? '', /is not a runit status file \(16 bytes, expected 20\)/);
});

test('the injected clock gives the uptime', { skip }, async () => {
  await supervised('typha', 'exec sleep 1000');
  const first = await readServiceStatus(root, 'typha', { signal: signal(), now: () => 0 });
  assert.equal(first.uptimeSeconds, 0, 'a clock before the change reads 0');
  const later = await readServiceStatus(root, 'typha', { signal: signal(), now: () => Date.now() + 3_600_000 });
  assert.ok((later.uptimeSeconds ?? 0) >= 3600);
  assert.match(later.raw, / 36\d\ds$/);
});

test('an aborted signal: unknown, nothing read, marked as cut short by the deadline', async () => {
  const status = await readServiceStatus(root, 'bird', { signal: AbortSignal.abort() });
  assert.deepEqual([status.state, status.timedOut], ['unknown', true]);
  assert.match(status.error ?? '', /^deadline reached while reading /);
});

test('a FIFO or a directory at supervise/status: unknown at once, never a read that blocks', { skip }, async () => {
  const runsv = await supervised('odd', 'exec sleep 1000');
  for (const [name, make, what] of [
    ['fifo-status', (path: string) => spawnSync('mkfifo', [path]), 'a FIFO'],
    ['dir-status', (path: string) => mkdir(path), 'a directory'],
  ] as const) {
    await mkdir(join(root, name, 'supervise'), { recursive: true });
    await symlink(join(runsv.dir, 'supervise', 'ok'), join(root, name, 'supervise', 'ok'));
    await make(join(root, name, 'supervise', 'status'));
    const status = await readServiceStatus(root, name, { signal: signal() });
    assert.equal(status.state, 'unknown');
    assert.equal(status.timedOut, undefined);
    assert.equal(status.error, `${join(root, name, 'supervise', 'status')} is ${what}, not a regular file`);
  }
});

test('the supervise path never loads zx (README, Design notes: zx only for the sv fallback)', { skip }, async () => {
  await supervised('zx-check', 'exec sleep 1000');
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = [];
    registerHooks({ resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (/[\\\\/]zx[\\\\/]/.test(result.url)) loaded.push(result.url);
      return result;
    } });
    const { readServiceStatus } = await import(${JSON.stringify(new URL('../../src/runit/supervise.ts', import.meta.url).href)});
    const up = await readServiceStatus(${JSON.stringify(root)}, 'zx-check', { signal: AbortSignal.timeout(5000) });
    const missing = await readServiceStatus(${JSON.stringify(root)}, 'absent', { signal: AbortSignal.timeout(5000) });
    process.stdout.write(JSON.stringify({ states: [up.state, missing.state], loaded }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { states: ['up', 'unknown'], loaded: [] });
});

/** Resolves once `pid` has exited: gone from /proc, or a zombie (its files are closed) awaiting a reaper. */
async function deadOrZombie(pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let state: string | undefined;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0];
    } catch {
      return;
    }
    if (state === 'Z') return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
}
