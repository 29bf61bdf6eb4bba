// --textfile through the built CLI: validated before probing, written atomically after it,
// whatever --output is; what only a real process shows (umask, permissions as another user, a
// full filesystem, concurrent writers).
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parseExposition } from '../support/exposition.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { which } from '../support/harness/paths.ts';
import { CLI, runCli, type RunCliOptions } from '../support/run-cli.ts';
import { runShell } from '../support/run-shell.ts';
import { NOBODY_IDS, nobodyCopy } from '../support/nobody.ts';
import { need, rootMissing } from '../support/needs.ts';

const isRoot = process.getuid?.() === 0;
let dir = '';
let felix: FelixStandin;
let probe: string[];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-textfile-cli-'));
  await chmod(dir, 0o755); // the permission test runs the CLI as nobody
  felix = await startFelixStandin();
  probe = ['check', 'felix-ready', '--felix-url', felix.url];
});
after(async () => {
  await felix.close();
  await rm(dir, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { mode: 0o755 });
  return path;
}

/** Root-only tests skip with a reason elsewhere; CI runs as root, so there they must run. */
function requireRoot(t: TestContext): boolean {
  return need(t, rootMissing('to write the textfile as another user'));
}

test('the CLI writes the textfile whatever --output is, mode 0644 under umask 077', async () => {
  const target = join(await freshDir('cli'), 'calico-probe.prom');
  for (const output of ['text', 'json', 'nagios', 'prometheus']) {
    await rm(target, { force: true });
    const run = await runShell(`umask 077; exec "$@"`, [process.execPath, CLI, ...probe, '-o', output, '--textfile', target]);
    assert.equal(run.code, 0, run.stderr);
    const samples = parseExposition(await readFile(target, 'utf8'));
    assert.deepEqual(samples.find((s) => s.name === 'calico_probe_check_success')?.labels, { check: 'felix-ready' }, output);
    assert.equal((await stat(target)).mode & 0o777, 0o644, output);
  }
});

test('a directory that does not exist: exit 2 before anything is probed', async () => {
  const asked = felix.requests;
  const run = await runCli([...probe, '--textfile', join(dir, 'nowhere', 'calico-probe.prom')]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^calico-probe: invalid value "\S+" for --textfile: directory \S+nowhere does not exist\n/);
  assert.equal(felix.requests, asked, 'Felix was not asked');
});

test('a directory the user may not write: exit 2 before anything is probed', async (t) => {
  const locked = await freshDir('locked');
  // Root writes anywhere, so as root the CLI runs as nobody.
  if (!isRoot) await chmod(locked, 0o555);
  const asked = felix.requests;
  const asNobody = (): RunCliOptions => {
    const { execPath, cli } = nobodyCopy();
    return { ...NOBODY_IDS, execPath, cli };
  };
  const run = await runCli([...probe, '--textfile', join(locked, 'calico-probe.prom')], isRoot ? asNobody() : {});
  t.after(() => chmod(locked, 0o755));
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /for --textfile: directory \S+locked is not writable: permission denied \(EACCES\)\n/);
  assert.equal(felix.requests, asked, 'Felix was not asked');
});

test('a full filesystem: exit 2 (nagios: UNKNOWN), the verdict still printed, the previous file intact, no temp file', async (t) => {
  if (!requireRoot(t)) return;
  const unshare = which('unshare');
  assert.ok(unshare, 'unshare (util-linux) is needed');
  const work = await freshDir('full');
  const target = join(work, 'mnt', 'calico-probe.prom');
  await mkdir(join(work, 'mnt'));
  const previous =
    '# HELP calico_probe_last_run_timestamp_seconds When calico-probe last ran.\n# TYPE calico_probe_last_run_timestamp_seconds gauge\ncalico_probe_last_run_timestamp_seconds 1\n';
  await writeFile(join(work, 'previous'), previous);
  // A private mount namespace: the small tmpfs exists only for this script and vanishes with it.
  const script = [
    'set -e',
    'mount -t tmpfs -o size=16k,mode=0755 calico-probe-test "$W/mnt"',
    'cp "$W/previous" "$W/mnt/calico-probe.prom"',
    'dd if=/dev/zero of="$W/mnt/filler" bs=1k 2>/dev/null || true',
    'set +e',
    '"$@" >"$W/stdout" 2>"$W/stderr"; echo $? >"$W/code"',
    'rm "$W/mnt/filler"; ls -A "$W/mnt" >"$W/listing"; cat "$W/mnt/calico-probe.prom" >"$W/after"',
  ].join('\n');
  const message = `cannot write --textfile ${target}: no space left on device (ENOSPC); any previous file is unchanged`;
  const expectations: [output: string, code: string, stdout: RegExp][] = [
    ['text', '2', /^calico\/node is ready\n/],
    [
      'nagios',
      '3',
      /^CALICO-PROBE UNKNOWN - cannot write --textfile .* \| 'felix_ready'=1;;;0;1 .*\n\\_\[OK\] - felix-ready: .*\n\\_\[UNKNOWN\] - cannot write/,
    ],
  ];
  for (const [output, code, stdout] of expectations) {
    const run = await runShell(script, [process.execPath, CLI, ...probe, '-o', output, '--textfile', target], { W: work }, [
      unshare,
      '--mount',
      '--propagation',
      'private',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const read = (name: string) => readFile(join(work, name), 'utf8');
    assert.equal((await read('code')).trim(), code, output);
    assert.match(await read('stdout'), stdout);
    assert.equal(await read('stderr'), `calico-probe: ${message}\n`);
    assert.equal(await read('after'), previous);
    assert.equal(await read('listing'), 'calico-probe.prom\n');
  }
});

test('concurrent writers: a reader polling meanwhile never sees a torn or empty file', async () => {
  // A bigger file makes a torn one more likely to show: 60 Felix reporters, one series each.
  felix.setReporters(
    Array.from({ length: 60 }, (_, i) => ({ name: `Reporter${String(i).padStart(2, '0')}WithALongerName`, live: true, ready: true })),
  );
  try {
    const where = await freshDir('race');
    const target = join(where, 'calico-probe.prom');
    const args = [...probe, '-q', '--textfile', target];
    assert.equal((await runCli(args)).code, 0);
    const seriesCount = parseExposition(await readFile(target, 'utf8')).length;
    // check success and duration, 60 reporters, expected_unready per reason, node_info, last run.
    assert.equal(seriesCount, 2 + 60 + 2 + 1 + 1);

    let writing = true;
    const problems: string[] = [];
    let reads = 0;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(target, 'utf8');
        reads += 1;
        const problem = tornOrEmpty(text, seriesCount);
        if (problem !== undefined) problems.push(`${problem}: ${JSON.stringify(text.slice(-80))}`);
        await yieldToLoop();
      }
    })();
    // Writers in waves of 8 until at least 24 have run and the reader has read 20 times while
    // they ran: how long that takes depends on the machine, what is asserted does not.
    const runs: Awaited<ReturnType<typeof runCli>>[] = [];
    while ((runs.length < 24 || reads < 20) && runs.length < 240) {
      runs.push(...(await Promise.all(Array.from({ length: 8 }, () => runCli([...args, '--timeout', '30s'])))));
    }
    writing = false;
    await reader;
    assert.deepEqual(
      runs.map((r) => r.code),
      runs.map(() => 0),
      runs.map((r) => r.stderr).join(''),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(await readdir(where), ['calico-probe.prom'], 'no temp file left behind');
  } finally {
    felix.setReporters([{ name: 'FelixStartup', live: true, ready: true }]);
  }
});

/** Why `text` is not one whole exposition of `seriesCount` samples, or undefined when it is. */
function tornOrEmpty(text: string, seriesCount: number): string | undefined {
  if (text === '') return 'empty';
  if (!text.endsWith('\n')) return 'no final newline';
  if (!text.startsWith('# HELP calico_probe_check_success ')) return 'does not start with the first HELP line';
  try {
    const samples = parseExposition(text);
    if (samples.length !== seriesCount) return `${samples.length} samples instead of ${seriesCount}`;
    if (samples.at(-1)?.name !== 'calico_probe_last_run_timestamp_seconds') return 'does not end with the last-run sample';
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
