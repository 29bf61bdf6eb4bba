// --textfile's module in-process: the target checks and the atomic write's rules. The built CLI
// is exercised in textfile-cli.system.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/util/usage-error.ts';
import { checkTextfileTarget, writeTextfile } from '../../src/report/textfile.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-textfile-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  return path;
}

test('target checks name the flag, the value and the reason', async () => {
  const file = join(await freshDir('checks'), 'plain-file');
  await writeFile(file, '');
  const cases: [string, RegExp][] = [
    ['', /^invalid value "" for --textfile: expected a file path$/],
    [join(dir, 'missing', 'calico-probe.prom'), /: directory \S+missing does not exist$/],
    [join(file, 'calico-probe.prom'), /: \S+plain-file is not a directory$/],
    [dir, /: it is a directory; name a file in it, such as \S+calico-probe\.prom$/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(checkTextfileTarget(path), (e: unknown) => e instanceof UsageError && message.test(e.message), path);
  }
  await checkTextfileTarget(join(dir, 'new.prom'));
});

test('writes the content with mode 0644 whatever the umask, and leaves no temp file', async () => {
  const target = join(await freshDir('write'), 'calico-probe.prom');
  const previous = process.umask(0o077);
  try {
    await writeTextfile(target, 'first\n');
    await writeTextfile(target, 'second\n');
  } finally {
    process.umask(previous);
  }
  assert.equal(await readFile(target, 'utf8'), 'second\n');
  assert.equal((await stat(target)).mode & 0o777, 0o644);
  assert.deepEqual(await readdir(join(dir, 'write')), ['calico-probe.prom']);
});

test('a failed write removes its temp file and leaves what was there', async () => {
  const where = await freshDir('fail');
  const target = join(where, 'calico-probe.prom');
  await mkdir(target);
  await writeFile(join(target, 'keep'), 'x');
  await assert.rejects(
    writeTextfile(target, 'new\n'),
    /^Error: cannot write --textfile \S+calico-probe\.prom: is a directory \(EISDIR\); any previous file is unchanged$/,
  );
  assert.deepEqual(await readdir(where), ['calico-probe.prom']);
  assert.deepEqual(await readdir(target), ['keep']);
});
