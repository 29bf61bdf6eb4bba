// Environment and input faults, part 2: the node's own files. A missing nodename file, runit
// state the probe may not read (it runs as nobody, so the `sv` fallback is taken), `sv` missing
// from PATH or hung, and a FIFO where runit's status file should be: each is named, within
// --timeout + 250 ms, with no process left behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { startFakeBird, type FakeBird } from '../support/fake-bird.ts';
import { bashPath } from '../support/runsv.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { healthy } from '../support/bird-standins.ts';
import { need } from '../support/needs.ts';
import { startHealthyRunit, type HealthyRunit } from '../support/runit-standin.ts';
import { asNobody, assertFault, needsRoot, nodenameFile, probe, tempDir, TIMEOUT } from './support.ts';

let felix: FelixStandin;
let bird: FakeBird;
let runit: HealthyRunit | undefined;
let temp: Awaited<ReturnType<typeof tempDir>>;
let _nodename = '';

before(async () => {
  temp = await tempDir('cp-faults-local-');
  [felix, bird, runit, _nodename] = await Promise.all([
    startFelixStandin(),
    startFakeBird(healthy, join(temp.dir, 'bird.ctl')),
    startHealthyRunit(),
    nodenameFile(temp.dir),
  ]);
  await chmod(bird.path, 0o666); // nobody may talk to BIRD: only runit is out of its reach
});
after(async () => {
  await Promise.all([felix.close(), bird.close(), runit?.stop()]);
  await temp.remove();
});

/** startHealthyRunit gave undefined: runit is missing here (in CI it threw already). */
const hasRunit = (t: TestContext, r: HealthyRunit | undefined): r is HealthyRunit => need(t, r ? undefined : 'runit is not installed');

const live = (serviceDir: string): string[] => [
  'live',
  '--timeout',
  TIMEOUT,
  '--family',
  'ipv4',
  '--felix-url',
  felix.url,
  '--bird-socket',
  bird.path,
  '--service-dir',
  serviceDir,
];

/** A directory holding a `bash` (zx runs commands through it) and the given scripts. */
async function binDir(name: string, scripts: Record<string, string>): Promise<string> {
  const dir = join(temp.dir, name);
  await mkdir(dir, { mode: 0o755 });
  await symlink(bashPath(), join(dir, 'bash'));
  for (const [file, body] of Object.entries(scripts)) await writeFile(join(dir, file), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

describe('the nodename file', () => {
  test('from the future: clock skew is named, not hidden as 0ms old', async () => {
    const future = join(temp.dir, 'future-nodename');
    await writeFile(future, 'node-1\n');
    const when = new Date(Date.now() + 600_000);
    await utimes(future, when, when);
    const run = await probe(['check', 'bird-ready', '-v', '--timeout', TIMEOUT, '--bird-socket', bird.path, '--nodename-file', future]);
    assert.match(
      run.stdout,
      /nodename file \S+ is (9m59s|10m0s) in the future \(clock skew: its mtime is ahead of this clock\): strict window open/,
    );
  });

  test('ten minutes old: the age reads 10m0s, as a duration option would be written', async () => {
    const where = join(temp.dir, 'ten-minutes');
    await mkdir(where, { mode: 0o755 });
    const old = await nodenameFile(where, 600);
    const run = await probe(['check', 'bird-ready', '-v', '--timeout', TIMEOUT, '--bird-socket', bird.path, '--nodename-file', old]);
    assert.match(run.stdout, /nodename file \S+ is 10m[01]s old: strict window closed \(threshold 30s\)/);
  });

  test('missing: bird-ready fails naming the path, Felix still reported', async () => {
    const missing = join(temp.dir, 'no-such-nodename');
    const run = await probe([
      'ready',
      '--timeout',
      TIMEOUT,
      '--family',
      'ipv4',
      '--felix-url',
      felix.url,
      '--bird-socket',
      bird.path,
      '--nodename-file',
      missing,
    ]);
    assertFault(run, {
      code: 1,
      firstLine: `calico/node is not ready: BIRD is not ready: failed to stat() nodename file: stat ${missing}: no such file or directory`,
    });
    assert.match(run.stdout, /^felix-ready +pass /m);
  });

  test('missing, named by CALICO_NODENAME_FILE', async () => {
    const missing = join(temp.dir, 'env-nodename');
    const run = await probe(['check', 'bird-ready', '--timeout', TIMEOUT, '--bird-socket', bird.path], {
      env: { CALICO_NODENAME_FILE: missing },
    });
    assertFault(run, {
      code: 1,
      firstLine: `calico/node is not ready: BIRD is not ready: failed to stat() nodename file: stat ${missing}: no such file or directory`,
    });
  });
});

describe('runit state', () => {
  const services = (detail: string): RegExp =>
    new RegExp(
      `^calico/node is not ready: bird/confd is not live: ${detail.replaceAll('SERVICE', 'confd')}; bird/confd is not live: ${detail.replaceAll('SERVICE', 'bird')}$`,
    );

  test('readable, and sv missing from PATH: sv is never needed', async (t) => {
    if (!hasRunit(t, runit)) return;
    const run = await probe(live(runit.serviceDir), { env: { PATH: await binDir('bin-empty', {}) } });
    assertFault(run, { code: 0, firstLine: 'calico/node is live' });
  });

  test('unreadable (the probe runs as nobody): sv is asked, refused too, and its words are shown', async (t) => {
    if (!hasRunit(t, runit) || !needsRoot(t)) return;
    const run = await probe(live(runit.serviceDir), await asNobody(temp.dir));
    assertFault(run, {
      code: 3,
      firstLine: services('cannot read the state of service SERVICE: unable to open supervise/ok: access denied'),
    });
  });

  test('unreadable, and sv missing from PATH', async (t) => {
    if (!hasRunit(t, runit) || !needsRoot(t)) return;
    const run = await probe(live(runit.serviceDir), { ...(await asNobody(temp.dir)), env: { PATH: await binDir('bin-no-sv', {}) } });
    assertFault(run, { code: 3, firstLine: services('cannot read the state of service SERVICE: sv not found in PATH') });
  });

  test('unreadable, and neither sv nor bash in PATH', async (t) => {
    if (!hasRunit(t, runit) || !needsRoot(t)) return;
    const run = await probe(live(runit.serviceDir), { ...(await asNobody(temp.dir)), env: { PATH: join(temp.dir, 'nowhere') } });
    assertFault(run, {
      code: 3,
      firstLine: services(
        'cannot read the state of service SERVICE: could not run sv status \\S+: zx runs it through bash, and there is no bash in PATH',
      ),
    });
  });

  test('unreadable, and sv hangs: killed at the deadline, counted as failed, nothing left running', async (t) => {
    if (!hasRunit(t, runit) || !needsRoot(t)) return;
    const sleep = execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim();
    // Not `exec`: the shell waits on a child of its own, so killing sv alone would orphan it.
    const bin = await binDir('bin-hung-sv', { sv: `${sleep} 30; ${sleep} 30` });
    const run = await probe(live(runit.serviceDir), { ...(await asNobody(temp.dir)), env: { PATH: bin } });
    assertFault(run, {
      code: 1,
      firstLine: services('state of service SERVICE not read within the deadline: sv status \\S+ did not answer in time'),
    });
  });

  test('a FIFO where supervise/status should be: named at once, never a blocked read', async (t) => {
    if (!hasRunit(t, runit)) return;
    const dir = join(temp.dir, 'fifo-service');
    for (const name of ['confd', 'bird']) {
      const real = runit.runsvs.find((r) => r.dir.endsWith(`/${name}`));
      await mkdir(join(dir, name, 'supervise'), { recursive: true });
      await symlink(join(real?.dir ?? '', 'supervise', 'ok'), join(dir, name, 'supervise', 'ok')); // runsv is alive
      execFileSync('mkfifo', [join(dir, name, 'supervise', 'status')]); // and nothing ever writes here
    }
    const run = await probe(live(dir));
    assertFault(run, {
      code: 3,
      firstLine: services('cannot read the state of service SERVICE: \\S+/supervise/status is a FIFO, not a regular file'),
    });
  });
});
