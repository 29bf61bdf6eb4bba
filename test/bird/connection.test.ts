// BirdConnection: one kept-open connection, batches in turn, re-opened after any failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { BirdConnection, BirdError } from '../../src/bird/index.ts';
import { readFixture, splitFixture } from './fixtures.ts';
import { startFakeBird, type Conn, type FakeBird } from '../support/fake-bird.ts';

/** What every stand-in answers to the `restrict` that opens each connection. */
const RESTRICTED = { restricted: true, reply: '0016 Access restricted' };

const FIXTURE = '2/session-protocols-status.txt';
const {
  banner,
  replies: [protocolsBytes, statusBytes],
} = splitFixture(FIXTURE);
const [protocols, status] = readFixture(FIXTURE).replies;
const ANSWERS: Record<string, Buffer | undefined> = { 'show protocols': protocolsBytes, 'show status': statusBytes };

type Hook = (conn: Conn, index: number, command: string) => Promise<'answer' | 'silent' | 'hang up'> | 'answer' | 'silent' | 'hang up';

/** A daemon that answers every command it knows, for as long as the connection lasts; `hook` may interfere. */
function answering(hook: Hook = () => 'answer'): (conn: Conn) => Promise<void> {
  return async (conn) => {
    conn.bannerSent = true;
    await conn.send(banner);
    for (let i = 0; ; i++) {
      const command = await conn.command(i);
      const what = await hook(conn, i, command);
      if (what === 'hang up') return void conn.socket.destroy();
      if (what === 'silent') return;
      await conn.send(ANSWERS[command] ?? '9001 syntax error\n');
    }
  };
}

async function withBird(hook: Hook | undefined, body: (bird: FakeBird, connection: BirdConnection) => Promise<void>): Promise<void> {
  const bird = await startFakeBird(answering(hook));
  const connection = new BirdConnection(bird.path);
  try {
    await body(bird, connection);
  } finally {
    connection.close();
    await bird.close();
  }
}

const within = (ms = 5000) => ({ signal: AbortSignal.timeout(ms) });

test('queries share one connection and get the replies BIRD sent', async () => {
  await withBird(undefined, async (bird, connection) => {
    for (let i = 0; i < 3; i++) {
      const signal = AbortSignal.timeout(5000);
      const session = await connection.query(['show protocols', 'show status'], { signal });
      assert.deepEqual(session, { banner: 'BIRD 2.0.12 ready.', replies: [protocols, status], restriction: RESTRICTED });
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    }
    assert.deepEqual((await connection.query(['show status'], within())).replies, [status]);
    assert.equal(bird.connections.length, 1);
    assert.deepEqual(bird.connections[0]?.commands, [
      'show protocols',
      'show status',
      'show protocols',
      'show status',
      'show protocols',
      'show status',
      'show status',
    ]);
  });
});

test('concurrent queries take turns: the second batch is written only after the first is answered', async () => {
  const order: string[] = [];
  await withBird(
    async (conn, index) => {
      order.push(`got ${index}`);
      if (index === 0) {
        await sleep(50);
        order.push('answered 0');
      }
      return 'answer' as const;
    },
    async (bird, connection) => {
      const [a, b] = await Promise.all([connection.query(['show protocols'], within()), connection.query(['show status'], within())]);
      assert.deepEqual([a.replies, b.replies], [[protocols], [status]]);
      assert.deepEqual(order, ['got 0', 'answered 0', 'got 1']);
      assert.equal(bird.connections.length, 1);
    },
  );
});

test('a connection BIRD closed while idle is replaced on the next query', async () => {
  await withBird(undefined, async (bird, connection) => {
    await connection.query(['show status'], within());
    bird.connections[0]?.socket.destroy(); // BIRD restarted
    await sleep(20);
    assert.deepEqual((await connection.query(['show status'], within())).replies, [status]);
    assert.equal(bird.connections.length, 2);
  });
});

test('BIRD hanging up just as a reused connection is asked: asked again on a new one', async () => {
  await withBird(
    (_conn, index) => (index === 1 ? 'hang up' : 'answer'),
    async (bird, connection) => {
      await connection.query(['show status'], within());
      assert.deepEqual((await connection.query(['show status'], within())).replies, [status]);
      assert.equal(bird.connections.length, 2);
    },
  );
});

test('silence hits the deadline with the usual message; the next query opens a new connection', async () => {
  let stalled = false;
  const stallOnce: Hook = (_conn, index) => (index === 1 && !stalled ? ((stalled = true), 'silent') : 'answer');
  await withBird(stallOnce, async (fake, connection) => {
    await connection.query(['show status'], within());
    const started = Date.now();
    const error = await connection.query(['show protocols', 'show status'], within(150)).catch((e: unknown) => e);
    assert.ok(error instanceof BirdError && error.kind === 'timeout', String(error));
    assert.equal(
      error.message,
      `no reply from BIRD socket ${fake.path} within the deadline (connected, banner received, no reply to 'show protocols' yet)`,
    );
    assert.ok(Date.now() - started < 1000);
    await fake.connections[0]?.closed; // the stalled connection was dropped
    assert.deepEqual((await connection.query(['show status'], within())).replies, [status]);
    assert.equal(fake.connections.length, 2);
  });
});

test('a query queued behind a stalled one times out on its own signal, saying why', async () => {
  let stalled = false;
  const stallFirst: Hook = () => (!stalled ? ((stalled = true), 'silent') : 'answer');
  await withBird(stallFirst, async (fake, connection) => {
    const first = connection.query(['show protocols'], within(400)).catch((e: unknown) => e);
    await sleep(20);
    const second = await connection.query(['show status'], within(100)).catch((e: unknown) => e);
    assert.ok(second instanceof BirdError && second.kind === 'timeout');
    assert.match(second.message, /still waiting for an earlier query on the same connection/);
    assert.ok((await first) instanceof BirdError);
    assert.deepEqual((await connection.query(['show status'], within())).replies, [status]);
    assert.equal(fake.connections.length, 2);
  });
});

test('a closed connection refuses further queries', async () => {
  await withBird(undefined, async (fake, connection) => {
    await connection.query(['show status'], within());
    connection.close();
    const error = await connection.query(['show status'], within()).catch((e: unknown) => e);
    assert.ok(error instanceof BirdError);
    assert.match(error.message, /closed \(shutting down\)/);
    await fake.connections[0]?.closed;
  });
});

test("connect errors are the one-shot client's, naming the path", async () => {
  const connection = new BirdConnection('/nonexistent/bird.ctl');
  const error = await connection.query(['show status'], within()).catch((e: unknown) => e);
  assert.ok(error instanceof BirdError && error.kind === 'not-found');
  assert.match(error.message, /^cannot connect to BIRD socket \/nonexistent\/bird\.ctl: no such file/);
});
