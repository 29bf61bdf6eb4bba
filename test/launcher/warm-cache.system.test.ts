// The launcher as the kubelet meets it: the built CLI, spawned. The first run of a command
// leaves a code cache; later runs read it without rewriting it; a damaged or foreign cache
// only costs speed; with caching off nothing is written.
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { cacheFileName, shippedCacheName } from '../../src/launcher/code-cache.ts';
import { CLI, runCli } from '../support/run-cli.ts';

// A port nothing listens on: felix-ready then fails the same way on every run.
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function scratch(t: test.TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-warm-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const args = async (): Promise<string[]> => ['check', 'felix-ready', '--felix-url', `http://127.0.0.1:${await closedPort()}`];

test('the first run writes the cache; the next run reads it and leaves it alone', async (t) => {
  const dir = join(scratch(t), 'cache');
  const env = { CALICO_PROBE_CACHE_DIR: dir };
  const probe = await args();
  const first = await runCli(probe, { env });
  assert.equal(first.code, 1, first.stderr);
  assert.equal(first.stderr, '');
  const [file, ...others] = readdirSync(dir);
  assert.match(file ?? '', /^check-v\d+\.\d+\.\d+-\w+-[0-9a-f]{8}-[0-9a-f]{8}\.v8cache$/);
  assert.deepEqual(others, []);
  const written = statSync(join(dir, file as string));
  assert.ok(written.size > 10_000, `a cache of ${written.size} bytes holds more than the top level`);

  const second = await runCli(probe, { env });
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.stderr, '');
  const after = statSync(join(dir, file as string));
  assert.deepEqual([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'accepted, so not rewritten');

  await runCli(['--version'], { env });
  assert.equal(readdirSync(dir).length, 2, '--version has a cache of its own (other)');
});

test("a plain probe runs the probe commands' bundle only; one it declines runs the whole CLI and leaves it no cache", async (t) => {
  const dir = join(scratch(t), 'cache');
  const env = { CALICO_PROBE_CACHE_DIR: dir };
  const dist = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist');
  const runtime = { version: process.version, arch: process.arch, flags: '|' };
  const cacheOf = (profile: string, bundle: string): string =>
    cacheFileName(profile, { path: join(dist, bundle), stats: statSync(join(dist, bundle)) }, runtime);

  const probe = await runCli(await args(), { env });
  assert.equal(probe.code, 1, probe.stderr);
  assert.deepEqual(readdirSync(dir), [cacheOf('check', 'probe-commands.cjs')]);

  const help = await runCli(['ready', '--help'], { env });
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: calico-probe ready/);
  assert.deepEqual(readdirSync(dir).sort(), [cacheOf('check', 'probe-commands.cjs'), cacheOf('other', 'calico-probe.cjs')].sort());

  const usage = await runCli(['live', '--no-such-option'], { env });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown option '--no-such-option'/);
  assert.ok(!readdirSync(dir).includes(cacheOf('live', 'probe-commands.cjs')), 'a declined run is not the cache of the runs that do');
});

test('a damaged cache is rejected by V8, replaced, and the run is unaffected', async (t) => {
  const dir = join(scratch(t), 'cache');
  const env = { CALICO_PROBE_CACHE_DIR: dir };
  const probe = await args();
  const clean = await runCli(probe, { env });
  const [file] = readdirSync(dir);
  const path = join(dir, file as string);
  writeFileSync(path, Buffer.alloc(statSync(path).size, 0x5a));
  const damaged = statSync(path);
  const run = await runCli(probe, { env });
  assert.equal(run.code, clean.code);
  assert.equal(run.stdout, clean.stdout);
  assert.equal(run.stderr, '');
  assert.notEqual(statSync(path).ino, damaged.ino, 'rewritten by rename');
});

test('caching off: nothing written, not even the default directory', async (t) => {
  const temp = scratch(t);
  const off = await runCli(['--version'], { env: { CALICO_PROBE_CACHE_DIR: '', TMPDIR: temp } });
  assert.equal(off.code, 0);
  assert.deepEqual(readdirSync(temp), []);
  await runCli(['--version'], { env: { TMPDIR: temp } });
  assert.deepEqual(readdirSync(temp), [`calico-probe-${process.getuid?.() ?? 0}`], 'the default: one directory per user in TMPDIR');
});

test('a cache directory others can write is not used', async (t) => {
  const dir = join(scratch(t), 'shared');
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  const run = await runCli(['--version'], { env: { CALICO_PROBE_CACHE_DIR: dir } });
  assert.equal(run.code, 0);
  assert.equal(run.stderr, '');
  assert.deepEqual(readdirSync(dir), []);
});

test("two installs of calico-probe keep their own caches instead of replacing each other's", async (t) => {
  const root = scratch(t);
  const other = join(root, 'other-install');
  for (const part of ['bin', 'dist'])
    cpSync(fileURLToPath(new URL(`../../${part}`, import.meta.url)), join(other, part), { recursive: true });
  const env = { CALICO_PROBE_CACHE_DIR: join(root, 'cache') };
  const probe = await args();
  const cli = (bin: string) => runCli(probe, { env, cli: bin });
  await cli(CLI);
  await cli(join(other, 'bin/calico-probe.js'));
  const files = readdirSync(env.CALICO_PROBE_CACHE_DIR).sort();
  assert.equal(files.length, 2, files.join(' '));
  const inodes = files.map((f) => statSync(join(env.CALICO_PROBE_CACHE_DIR, f)).ino);
  await cli(CLI);
  await cli(join(other, 'bin/calico-probe.js'));
  assert.deepEqual(readdirSync(env.CALICO_PROBE_CACHE_DIR).sort(), files);
  assert.deepEqual(
    files.map((f) => statSync(join(env.CALICO_PROBE_CACHE_DIR, f)).ino),
    inodes,
    'neither rewritten',
  );
});

test("npm run build ships a code cache for the Node that built it, which V8 accepts for the probe commands' bundle", () => {
  const dist = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist');
  const bundle = join(dist, 'probe-commands.cjs');
  const shipped = join(dist, shippedCacheName(bundle, process));
  assert.equal(shippedCacheName(bundle, process), `probe-commands-${process.version}-${process.arch}.v8cache`);
  assert.ok(existsSync(shipped), `${shipped} (npm run build writes it)`);
  assert.equal(statSync(shipped).mode & 0o444, 0o444, 'readable by whoever runs the probe');
  // The file is the wrapped module (bin/build-bundles.js), compiled as it is read.
  const source = readFileSync(bundle, 'latin1');
  assert.ok(source.startsWith('(function (exports, require, module, __filename, __dirname) {\n'), "Node's module wrapper");
  const script = new Script(source, {
    filename: bundle,
    cachedData: readFileSync(shipped),
  });
  assert.equal(script.cachedDataRejected, false);
});

test('the first run after an install finds the shipped cache and still writes its own', async (t) => {
  const dir = join(scratch(t), 'cache');
  const first = await runCli(await args(), { env: { CALICO_PROBE_CACHE_DIR: dir } });
  assert.equal(first.code, 1, first.stderr);
  assert.equal(readdirSync(dir).length, 1, 'its own cache, for the command it ran');
});
