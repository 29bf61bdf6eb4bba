// The code cache's rules in-process: which cache a run uses, where caches may live (never in a
// directory another user can write), and how a file names the bundle it belongs to.
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { cacheDir, cacheFileName, cacheProfile, fnv1a, readCache, tmpdir, writeCache } from '../../src/launcher/code-cache.ts';

const uid = process.getuid?.() ?? 0;
const runtime = { version: 'v24.21.0', arch: 'x64', flags: '' };

function scratch(t: test.TestContext): string {
  const dir = mkdtempSync(join(osTmpdir(), 'cp-cache-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('each exec-path command, calico-node flags included, has its own cache; the rest share one', () => {
  assert.equal(cacheProfile(['live', '--timeout', '3s']), 'live');
  assert.equal(cacheProfile(['ready']), 'ready');
  assert.equal(cacheProfile(['check', 'bird-ready']), 'check');
  assert.equal(cacheProfile(['-felix-live', '-bird-live']), 'live');
  assert.equal(cacheProfile(['-bird-ready=true', '-threshold-time=30s']), 'ready');
  assert.equal(cacheProfile(['--felix-ready']), 'ready');
  assert.equal(cacheProfile(['--version']), 'other');
  assert.equal(cacheProfile(['peers']), 'other');
  assert.equal(cacheProfile([]), 'other');
});

test('the default directory is created 0700 in the temp dir, per user', (t) => {
  const dir = join(scratch(t), 'calico-probe-cache');
  assert.equal(cacheDir(dir, uid), dir);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.match(cacheDir(undefined, uid) ?? '', new RegExp(`calico-probe-${uid}$`));
});

test('an empty setting turns caching off', () => {
  assert.equal(cacheDir('', uid), undefined);
});

test("a directory others can write, someone else's, or a symlink is never used", (t) => {
  const root = scratch(t);
  const open = join(root, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  assert.equal(cacheDir(open, uid), undefined, 'world-writable');
  assert.equal(cacheDir(root, uid + 1), undefined, 'owned by another user');
  const link = join(root, 'link');
  symlinkSync(root, link);
  assert.equal(cacheDir(link, uid), undefined, 'a symlink');
  const file = join(root, 'file');
  writeFileSync(file, '');
  assert.equal(cacheDir(file, uid), undefined, 'not a directory');
  assert.equal(cacheDir(join(file, 'below'), uid), undefined, 'cannot be created');
});

test('the file name changes with the bundle, the runtime and the flags', (t) => {
  const dir = scratch(t);
  const path = join(dir, 'calico-probe.cjs');
  writeFileSync(path, 'x'.repeat(100));
  const name = (): string => cacheFileName('ready', { path, stats: statSync(path) }, runtime);
  const first = name();
  assert.match(first, /^ready-v24\.21\.0-x64-[0-9a-f]{8}-[0-9a-f]{8}\.v8cache$/);
  assert.equal(name(), first, 'stable for the same file');
  writeFileSync(path, 'y'.repeat(100)); // same length, the one thing V8 itself checks
  utimesSync(path, 499162500, 499162500); // npm gives every packed file this mtime
  const rebuilt = name();
  assert.notEqual(rebuilt, first);
  assert.equal(rebuilt.slice(0, -17), first.slice(0, -17), 'the same install: only the build part differs');
  const withFlags = cacheFileName('ready', { path, stats: statSync(path) }, { ...runtime, flags: '--jitless' });
  assert.notEqual(withFlags.slice(0, -17), rebuilt.slice(0, -17), 'other flags: another install part');
  const copy = join(dir, 'copy.cjs');
  writeFileSync(copy, 'y'.repeat(100));
  assert.notEqual(cacheFileName('ready', { path: copy, stats: statSync(copy) }, runtime).slice(0, -17), rebuilt.slice(0, -17));
  assert.notEqual(cacheFileName('ready', { path, stats: statSync(path) }, { ...runtime, version: 'v24.22.0' }), rebuilt);
  assert.equal(cacheFileName('live', { path, stats: statSync(path) }, runtime), rebuilt.replace(/^ready-/, 'live-'));
});

test('writes are atomic and leave no temp file; failures are silent', (t) => {
  const dir = scratch(t);
  const file = join(dir, 'ready.v8cache');
  writeCache(file, Buffer.from('one'));
  writeCache(file, Buffer.from('two'));
  assert.deepEqual(readCache(file), Buffer.from('two'));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['ready.v8cache']);
  writeCache(join(dir, 'live-v24.21.0-x64-aaaaaaaa-00000001.v8cache'), Buffer.from('old build'));
  writeCache(join(dir, 'live-v24.21.0-x64-bbbbbbbb-00000001.v8cache'), Buffer.from('another install'));
  writeCache(join(dir, 'live-v22.19.0-x64-aaaaaaaa-00000001.v8cache'), Buffer.from('another Node'));
  writeCache(join(dir, 'live-v24.21.0-x64-aaaaaaaa-00000002.v8cache'), Buffer.from('new build'));
  assert.deepEqual(
    readdirSync(dir).sort(),
    [
      'live-v22.19.0-x64-aaaaaaaa-00000001.v8cache',
      'live-v24.21.0-x64-aaaaaaaa-00000002.v8cache',
      'live-v24.21.0-x64-bbbbbbbb-00000001.v8cache',
      'ready.v8cache',
    ],
    'only the older build of the same install and runtime is gone',
  );
  writeCache(join(dir, 'missing', 'x.v8cache'), Buffer.from('x'));
  assert.equal(existsSync(join(dir, 'missing')), false);
  assert.equal(readCache(join(dir, 'absent.v8cache')), undefined);
});

test('fnv1a is the published 32-bit FNV-1a', () => {
  assert.equal(fnv1a(''), '811c9dc5');
  assert.equal(fnv1a('a'), 'e40c292c');
  assert.equal(fnv1a('foobar'), 'bf9cf968');
});

test("the temp directory is os.tmpdir()'s, computed without node:os", () => {
  for (const env of [{}, { TMPDIR: '/var/tmp/' }, { TMP: '/scratch' }, { TEMP: '/t/' }, { TMPDIR: '', TMP: '/x' }, { TMPDIR: '/' }]) {
    const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
    try {
      for (const key of ['TMPDIR', 'TMP', 'TEMP'] as const) {
        const value = (env as Record<string, string>)[key];
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      assert.equal(tmpdir(process.env), osTmpdir(), JSON.stringify(env));
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }
});
