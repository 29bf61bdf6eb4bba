import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { BirdError, BirdReplyError, parseProtocols, queryBird } from '../../src/bird/index.ts';
import type { BirdErrorKind } from '../../src/bird/index.ts';
import { DAEMONS, readFixture, splitFixture } from './fixtures.ts';
import { replay, startFakeBird } from '../support/fake-bird.ts';
import type { Conn, FakeBird } from '../support/fake-bird.ts';

/** What every stand-in answers to the `restrict` that opens each connection. */
const RESTRICTED = { restricted: true, reply: '0016 Access restricted' };

async function withBird(script: (c: Conn) => Promise<void> | void, body: (bird: FakeBird) => Promise<void>): Promise<void> {
  const bird = await startFakeBird(script);
  try {
    await body(bird);
  } finally {
    await bird.close();
  }
}

/** Asserts the rejection and that the client left nothing behind: connection closed, listener gone. */
async function rejectsWith(
  bird: FakeBird,
  promise: Promise<unknown>,
  signal: AbortSignal,
  kind: BirdErrorKind,
  message: string | RegExp,
): Promise<BirdError> {
  const err = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BirdError, String(err));
  assert.equal(err.kind, kind, err.message);
  if (typeof message === 'string') assert.equal(err.message, message);
  else assert.match(err.message, message);
  assert.equal(err.path, bird.path);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  await Promise.all(bird.connections.map((c) => c.closed));
  return err;
}

test('banner, one command, the reply; then the client closes and removes its listener', async () => {
  for (const { prefix, banner } of DAEMONS) {
    const name = `${prefix}show-protocols-established.txt`;
    await withBird(replay(name), async (bird) => {
      const signal = AbortSignal.timeout(5000);
      const session = await queryBird(bird.path, ['show protocols'], { signal });
      assert.deepEqual(session, { banner, replies: readFixture(name).replies, restriction: RESTRICTED });
      assert.equal(bird.connections.length, 1);
      assert.deepEqual(bird.connections[0]?.commands, ['show protocols']);
      assert.equal(getEventListeners(signal, 'abort').length, 0);
      await bird.connections[0]?.closed;
    });
  }
});

test('several commands on one connection come back in order, and only after the banner', async () => {
  for (const { prefix } of DAEMONS) {
    const name = `${prefix}session-protocols-status.txt`;
    const slowBanner = replay(name, async (conn, bytes) => {
      if (!conn.commands.length && bytes.toString().startsWith('0001')) await sleep(50);
      await conn.send(bytes);
    });
    await withBird(slowBanner, async (bird) => {
      const session = await queryBird(bird.path, ['show protocols', 'show status'], { signal: AbortSignal.timeout(5000) });
      assert.deepEqual(session.replies, readFixture(name).replies);
      assert.deepEqual(
        session.replies.map((r) => r.code),
        [0, 13],
      );
      assert.equal(bird.connections[0]?.commandsBeforeBanner, 0);
    });
  }
});

test('replies dribbled in tiny chunks with pauses parse the same', async () => {
  const name = '2/session-protocols-status.txt';
  await withBird(
    replay(name, (conn, bytes) => conn.dribble(bytes, 97)),
    async (bird) => {
      const session = await queryBird(bird.path, ['show protocols', 'show status'], { signal: AbortSignal.timeout(10_000) });
      assert.deepEqual(session.replies, readFixture(name).replies);
    },
  );
});

test('8003 and 9001 are replies, not socket errors, and end without waiting for 0000', async () => {
  for (const name of ['1.6/bird-show-protocols-no-match.txt', '2/unknown-command.txt', '1.6/bird6-show-protocols-unknown-name.txt']) {
    await withBird(replay(name), async (bird) => {
      const started = Date.now();
      const session = await queryBird(bird.path, ['show protocols'], { signal: AbortSignal.timeout(5000) });
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(session.replies, readFixture(name).replies);
      assert.throws(() => parseProtocols(session.replies[0] ?? assert.fail()), BirdReplyError);
    });
  }
});

test('no commands: the banner alone answers', async () => {
  await withBird(replay('2/show-status.txt'), async (bird) => {
    assert.deepEqual(await queryBird(bird.path, [], { signal: AbortSignal.timeout(5000) }), {
      banner: 'BIRD 2.0.12 ready.',
      replies: [],
      restriction: { restricted: false, reply: '(not asked)' },
    });
  });
});

test('silence: the signal ends the wait, and the message says how far it got', async () => {
  const { banner, replies } = splitFixture('1.6/bird-session-protocols-status.txt');
  const firstReply = replies[0] ?? assert.fail();
  const threeLines = firstReply.subarray(0, firstReply.indexOf('\n', firstReply.indexOf('\n', firstReply.indexOf('\n') + 1) + 1) + 1);
  const cases: [string, (c: Conn) => Promise<void> | void, string[], string][] = [
    ['mute', () => {}, ['show protocols'], 'connected, no banner'],
    ['half a banner', (c) => c.send(banner.subarray(0, 10)), ['show protocols'], 'connected, banner incomplete after 10 bytes'],
    ['banner only', (c) => c.send(banner), ['show protocols'], "connected, banner received, no reply to 'show protocols' yet"],
    [
      'three lines',
      async (c) => {
        await c.send(banner);
        await c.command(0);
        await c.send(threeLines);
      },
      ['show protocols'],
      "connected, banner received, 'show protocols' incomplete after 3 lines",
    ],
    [
      'first reply only',
      async (c) => {
        await c.send(banner);
        await c.command(0);
        await c.send(firstReply);
      },
      ['show protocols', 'show status'],
      "connected, banner received, 1 of 2 replies complete, no reply to 'show status' yet",
    ],
  ];
  for (const [label, script, commands, progress] of cases) {
    await withBird(script, async (bird) => {
      const signal = AbortSignal.timeout(150);
      const started = Date.now();
      const err = await rejectsWith(
        bird,
        queryBird(bird.path, commands, { signal }),
        signal,
        'timeout',
        `no reply from BIRD socket ${bird.path} within the deadline (${progress})`,
      );
      assert.ok(Date.now() - started < 1500, label);
      assert.equal(err.errno, undefined, label);
    });
  }
});

test('an already aborted signal rejects without connecting', async () => {
  await withBird(replay('2/show-status.txt'), async (bird) => {
    const controller = new AbortController();
    controller.abort();
    await rejectsWith(bird, queryBird(bird.path, ['show status'], { signal: controller.signal }), controller.signal, 'timeout', /deadline/);
    await sleep(20);
    assert.equal(bird.connections.length, 0);
  });
});

test('EOF before the final line is a truncated reply, never a success', async () => {
  const { banner, replies } = splitFixture('2/show-protocols-established.txt');
  const half = (replies[0] ?? assert.fail()).subarray(0, 300);
  await withBird(
    async (c) => {
      await c.send(banner);
      await c.command(0);
      await c.send(half);
      c.socket.end();
    },
    async (bird) => {
      const signal = AbortSignal.timeout(5000);
      const err = await rejectsWith(
        bird,
        queryBird(bird.path, ['show protocols'], { signal }),
        signal,
        'truncated',
        /^BIRD closed the connection before the end of the reply to 'show protocols' \(socket .*, connected, banner received, 'show protocols' incomplete after \d+ lines\)$/,
      );
      assert.equal(err.command, 'show protocols');
    },
  );
  await withBird(
    (c) => void c.socket.end(),
    async (bird) => {
      const signal = AbortSignal.timeout(5000);
      await rejectsWith(
        bird,
        queryBird(bird.path, ['show status'], { signal }),
        signal,
        'truncated',
        /^BIRD closed the connection before sending its banner/,
      );
    },
  );
});

test('bytes that are not BIRD framing, or too many of them, are refused', async () => {
  const { banner, replies } = splitFixture('1.6/bird-show-protocols-all-established.txt');
  const big = replies[0] ?? assert.fail();
  const cases: [string, (c: Conn) => Promise<void>, BirdErrorKind, RegExp, number?][] = [
    ['over-large reply', (c) => c.send(Buffer.concat([banner, big])), 'too-large', /larger than 2000 bytes/, 2000],
    ['over-long line', (c) => c.send(Buffer.concat([banner, Buffer.alloc(70_000, 'x')])), 'protocol', /line longer than 65536 bytes/],
    [
      'malformed line',
      (c) => c.send(Buffer.concat([banner, Buffer.from('HTTP/1.1 400 Bad Request\n')])),
      'protocol',
      /malformed line from BIRD: 'HTTP\/1.1 400 Bad Request'/,
    ],
    ['no banner', (c) => c.send('8007 Access denied\n'), 'protocol', /sent '8007 Access denied' instead of its banner/],
    ['unasked reply', (c) => c.send(Buffer.concat([banner, big])), 'protocol', /sent '2002 name .*' before any command/],
  ];
  for (const [label, script, kind, message, maxReplyBytes] of cases) {
    await withBird(script, async (bird) => {
      const signal = AbortSignal.timeout(5000);
      const opts = maxReplyBytes === undefined ? { signal } : { signal, maxReplyBytes };
      await rejectsWith(bird, queryBird(bird.path, ['show protocols all'], opts), signal, kind, message);
    }).catch((e: unknown) => assert.fail(`${label}: ${String(e)}`));
  }
});

test('a command with a line break is a programming error', async () => {
  await assert.rejects(queryBird('/nonexistent', ['show status\nshow protocols'], { signal: AbortSignal.timeout(1000) }), TypeError);
});
