import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readsInto } from '../../src/util/socket-reads.ts';

/** A loopback server that sends `payload` in small writes to whoever connects, then closes. */
async function sender(payload: Buffer): Promise<Server> {
  const server = createServer((socket) => {
    let at = 0;
    const next = (): void => {
      if (at >= payload.length) return void socket.end();
      const piece = payload.subarray(at, at + 4096 + (at % 7919));
      at += piece.length;
      socket.write(piece, next);
    };
    next();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** What one client read through readsInto, copied as it came, once the peer closed. */
async function receive(server: Server): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const socket = createConnection({
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    onread: readsInto((chunk) => chunks.push(Buffer.from(chunk))),
  });
  await once(socket, 'end');
  socket.destroy();
  return Buffer.concat(chunks);
}

test('sockets reading at the same time through the one shared buffer each get their own bytes, whole and in order', async () => {
  const payloads = [randomBytes(300_000), randomBytes(200_000), randomBytes(250_000)];
  const servers = await Promise.all(payloads.map(sender));
  try {
    const received = await Promise.all(servers.map(receive));
    for (const [i, bytes] of received.entries()) assert.ok(bytes.equals(payloads[i] as Buffer), `client ${i}: ${bytes.length} bytes`);
  } finally {
    for (const server of servers) server.close();
  }
});

test('a chunk is a view of the shared buffer: valid until the callback returns, so a client copies what it keeps', async () => {
  const server = await sender(Buffer.from('first read'));
  try {
    let seen: Buffer | undefined;
    const socket = createConnection({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      onread: readsInto((chunk) => (seen ??= chunk)),
    });
    await once(socket, 'end');
    socket.destroy();
    assert.equal(seen?.toString(), 'first read');
    const again: Buffer[] = [];
    readsInto((chunk) => again.push(chunk)).callback(3, new Uint8Array(0));
    assert.equal(again[0]?.buffer, seen?.buffer, 'the same memory serves the next socket');
  } finally {
    server.close();
  }
});
