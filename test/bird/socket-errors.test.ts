import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs, { chmodSync, existsSync, mkdirSync, writeFileSync, statSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join } from 'node:path';
import { BirdError, queryBird } from '../../src/bird/index.ts';
import type { BirdErrorKind } from '../../src/bird/index.ts';
import { whoMayConnect, connectError } from '../../src/bird/socket-errors.ts';
import { replay, startFakeBird, tempDir } from '../support/fake-bird.ts';
import { NOBODY_IDS, nobodyCopy } from '../support/nobody.ts';

async function expectKind(path: string, kind: BirdErrorKind, message: string): Promise<BirdError> {
  const err = await queryBird(path, ['show protocols'], { signal: AbortSignal.timeout(5000) }).then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BirdError, String(err));
  assert.equal(err.kind, kind, err.message);
  assert.equal(err.message, message);
  assert.equal(err.path, path); // the path tried, and no other
  return err;
}

test('no socket file: not-found, naming the exact path', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'bird.ctl');
    const err = await expectKind(
      path,
      'not-found',
      `cannot connect to BIRD socket ${path}: no such file: BIRD is not running or has not started yet`,
    );
    assert.equal(err.errno, 'ENOENT');
    await expectKind(
      join(dir, 'missing', 'bird.ctl'),
      'not-found',
      `cannot connect to BIRD socket ${join(dir, 'missing', 'bird.ctl')}: no such file: BIRD is not running or has not started yet`,
    );
  } finally {
    cleanup();
  }
});

test('a socket file left by a killed daemon: refused, stale socket', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'bird.ctl');
    // A real stale socket: a process listens, then dies by SIGKILL without unlinking the file.
    const child = spawn(
      process.execPath,
      ['-e', `require('node:net').createServer().listen(process.argv[1], () => console.log('listening'))`, path],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(child.stdout, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.ok(existsSync(path));
    const err = await expectKind(
      path,
      'refused',
      `cannot connect to BIRD socket ${path}: connection refused (stale socket: BIRD is not running)`,
    );
    assert.equal(err.errno, 'ECONNREFUSED');
  } finally {
    cleanup();
  }
});

test('a directory or a regular file at the path is not a socket (not "stale")', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const asDir = join(dir, 'bird.ctl');
    mkdirSync(asDir);
    await expectKind(asDir, 'not-a-socket', `cannot connect to BIRD socket ${asDir}: is a directory, not a socket`);
    const asFile = join(dir, 'bird6.ctl');
    writeFileSync(asFile, '0001 BIRD 1.6.8 ready.\n');
    await expectKind(asFile, 'not-a-socket', `cannot connect to BIRD socket ${asFile}: is a regular file, not a socket`);
  } finally {
    cleanup();
  }
});

// connect() is the test of a socket; the path's stat only explains a refusal (a thread-pool round
// trip that a probe which connects does not pay).
test('the path is stat()ed only when connect() fails', async (t) => {
  const statted: string[] = [];
  const realStat = fs.stat;
  t.after(() => {
    fs.stat = realStat;
    syncBuiltinESMExports();
  });
  fs.stat = ((path: string, ...rest: never[]) => {
    statted.push(String(path));
    return (realStat as (...args: unknown[]) => void)(path, ...rest);
  }) as typeof fs.stat;
  syncBuiltinESMExports();
  const bird = await startFakeBird(replay('2/show-status.txt'));
  try {
    await queryBird(bird.path, ['show status'], { signal: AbortSignal.timeout(5000) });
    assert.deepEqual(statted, [], 'a socket that accepts is never stat()ed');
  } finally {
    await bird.close();
  }
  const { dir, cleanup } = tempDir();
  try {
    await expectKind(dir, 'not-a-socket', `cannot connect to BIRD socket ${dir}: is a directory, not a socket`);
    assert.deepEqual(statted, [dir], 'a refused connect is explained by the stat');
  } finally {
    cleanup();
  }
});

test('a path over 107 bytes is refused before any I/O; 107 bytes works', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const at = (bytes: number): string => join(dir, 'b'.repeat(bytes - dir.length - 1));
    const long = at(108);
    await expectKind(
      long,
      'path-too-long',
      `cannot connect to BIRD socket ${long}: the path is 108 bytes, longer than the 107 a UNIX socket address holds`,
    );
    const bird = await startFakeBird(replay('2/show-status.txt'), at(107));
    try {
      const session = await queryBird(bird.path, ['show status'], { signal: AbortSignal.timeout(5000) });
      assert.equal(session.replies[0]?.code, 13);
    } finally {
      await bird.close();
    }
  } finally {
    cleanup();
  }
});

// Root may connect to any socket, so as root the client runs as `nobody` in a child process.
test('no permission to connect: permission', async () => {
  const bird = await startFakeBird(replay('2/show-status.txt'));
  try {
    // Not root: this process owns the socket, so only mode 0 keeps even its owner out.
    chmodSync(bird.path, process.getuid?.() === 0 ? 0o600 : 0o000);
    if (process.getuid?.() !== 0) {
      const err = await expectKind(
        bird.path,
        'permission',
        `cannot connect to BIRD socket ${bird.path}: permission denied: the probe may not write to the socket (${whoMayConnect(statSync(bird.path))})`,
      );
      assert.equal(err.errno, 'EACCES');
      return;
    }
    chmodSync(dirname(bird.path), 0o755);
    const client = [
      `import { queryBird } from ${JSON.stringify(nobodyCopy().src('src/bird/index.ts'))};`,
      `queryBird(process.argv[1], ['show status'], { signal: AbortSignal.timeout(5000) })`,
      `  .then(() => console.log('connected'), (e) => console.log(JSON.stringify([e.kind, e.errno, e.message])));`,
    ].join('\n');
    const child = spawn(nobodyCopy().execPath, ['--input-type=module', '-e', client, bird.path], {
      ...NOBODY_IDS,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    await once(child, 'close');
    assert.deepEqual(JSON.parse(out), [
      'permission',
      'EACCES',
      `cannot connect to BIRD socket ${bird.path}: permission denied: the probe may not write to the socket (socket owned by uid 0, gid 0, mode 0600: its owner and group may connect; this probe runs as uid 65534, gid 65534)`,
    ]);
  } finally {
    await bird.close();
  }
});

test('errno mapping for failures a test cannot provoke as root', () => {
  const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`connect ${code} /x/bird.ctl`), { code });
  const cases: [string, BirdErrorKind, string][] = [
    ['EACCES', 'permission', 'permission denied: the probe may not write to the socket'],
    ['EPERM', 'permission', 'operation not permitted: the probe may not write to the socket'],
    ['EAGAIN', 'busy', 'resource temporarily unavailable: BIRD is too busy to accept (listen backlog full)'],
    ['ENOTSOCK', 'not-a-socket', 'not a socket'],
    ['ENOTDIR', 'not-found', 'no such file (a parent is not a directory): BIRD is not running or has not started yet'],
    ['EMFILE', 'io', 'connect EMFILE /x/bird.ctl'],
  ];
  for (const [code, kind, detail] of cases) {
    const err = connectError('/x/bird.ctl', errno(code));
    assert.deepEqual(
      [err.kind, err.errno, err.path, err.message],
      [kind, code, '/x/bird.ctl', `cannot connect to BIRD socket /x/bird.ctl: ${detail}`],
    );
  }
});
