// The two one-shot transports against real sockets: ONE_SHOT closes every connection once its
// query settles; ONE_SHOT_UNTIL_EXIT, a probe's, leaves a connection that answered for the
// process's exit to close (closing one builds process.stderr's stream in node:net), and closes
// one that failed.
import assert from 'node:assert/strict';
import net from 'node:net';
import test, { type TestContext } from 'node:test';
import { ONE_SHOT, ONE_SHOT_UNTIL_EXIT } from '../../src/checks/one-shot-transport.ts';
import type { Transport } from '../../src/checks/types.ts';
import { FelixHttpError } from '../../src/felix/http.ts';
import { BirdError } from '../../src/bird/index.ts';
import { replay, startFakeBird } from '../support/fake-bird.ts';
import { httpServer, rawServer } from '../support/felix-servers.ts';

/**
 * Counts destroy() calls that close a client socket of this process (an accepted socket has a
 * `server`; a socket already destroyed, by an earlier test, is not closed again).
 */
function countClientDestroys(t: TestContext): { count: number } {
  const counter = { count: 0 };
  const proto = net.Socket.prototype as net.Socket & { destroy: net.Socket['destroy'] };
  const inherited = proto.destroy;
  proto.destroy = function (this: net.Socket & { server?: unknown }, ...args: Parameters<net.Socket['destroy']>) {
    if (!this.destroyed && (this.server === undefined || this.server === null)) counter.count += 1;
    return inherited.apply(this, args);
  };
  t.after(() => {
    delete (proto as { destroy?: unknown }).destroy;
  });
  return counter;
}

const signal = (): AbortSignal => AbortSignal.timeout(5000);

async function answered(transport: Transport, t: TestContext): Promise<number> {
  const felix = await httpServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n'));
  const bird = await startFakeBird(replay('2/show-status.txt'));
  t.after(async () => {
    await felix.close();
    await bird.close();
  });
  const destroys = countClientDestroys(t);
  const response = await transport.felix(felix.url(), signal());
  assert.equal(response.status, 200);
  assert.equal(response.body, 'ok\n');
  const session = await transport.bird(bird.path, ['show status'], signal());
  assert.equal(session.replies[0]?.code, 13);
  return destroys.count;
}

test('ONE_SHOT closes each connection once its answer is in', async (t) => {
  assert.equal(await answered(ONE_SHOT, t), 2);
});

test("ONE_SHOT_UNTIL_EXIT leaves the connections that answered for the process's exit to close", async (t) => {
  assert.equal(await answered(ONE_SHOT_UNTIL_EXIT, t), 0);
});

test('ONE_SHOT_UNTIL_EXIT closes a connection whose answer failed', async (t) => {
  const notHttp = await rawServer((socket) => socket.once('data', () => socket.write('SSH-2.0-OpenSSH_9.6\r\n')));
  const cut = await startFakeBird(async (conn) => {
    await conn.send('0001 BIRD 2.0.12 ready.\n');
    await conn.command(0);
    conn.socket.end('1000-BIRD 2.0.12\n');
  });
  t.after(async () => {
    await notHttp.close();
    await cut.close();
  });
  const destroys = countClientDestroys(t);
  const felixError = await ONE_SHOT_UNTIL_EXIT.felix(notHttp.url(), signal()).catch((e: unknown) => e);
  assert.ok(felixError instanceof FelixHttpError && felixError.kind === 'protocol', String(felixError));
  const birdError = await ONE_SHOT_UNTIL_EXIT.bird(cut.path, ['show status'], signal()).catch((e: unknown) => e);
  assert.ok(birdError instanceof BirdError && birdError.kind === 'truncated', String(birdError));
  assert.ok(destroys.count >= 2, `client destroys: ${destroys.count}`);
});
