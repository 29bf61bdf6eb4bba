import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTerminal, writeAtOnce } from '../../src/util/direct-write.ts';

/** A connected pair of Unix sockets; `fd` is the client's descriptor, non-blocking as Node keeps it. */
async function socketPair(t: test.TestContext): Promise<{ fd: number; client: Socket; peer: Socket }> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-direct-write-'));
  const server = createServer();
  server.listen(join(dir, 'pair.sock'));
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = createConnection(join(dir, 'pair.sock'));
  await once(client, 'connect');
  const [peer] = await accepted;
  t.after(() => {
    client.destroy();
    peer.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // The test needs the descriptor itself, as a probe has fd 1.
  const fd = (client as unknown as { _handle: { fd: number } })._handle.fd;
  return { fd, client, peer };
}

test('a descriptor that would block: what was written is out, the rest comes back to go through the stream', async (t) => {
  const { fd, peer } = await socketPair(t);
  peer.pause();
  const text = 'calico/node is ready\n'.repeat(400_000); // 8 MB: more than any socket buffer
  const rest = writeAtOnce(fd, text);
  assert.ok(rest !== undefined && rest.length > 0 && rest.length < text.length, `left ${rest?.length} of ${text.length} bytes`);
  const received: Buffer[] = [];
  peer.on('data', (chunk: Buffer) => received.push(chunk));
  peer.resume();
  const written = text.length - rest.length;
  while (Buffer.concat(received).length < written) await once(peer, 'data');
  assert.equal(Buffer.concat([...received, rest]).toString(), text, 'written bytes, then the rest: the whole text in order');
});

test('a reader that went away (EPIPE): nothing to hand on, no error', async (t) => {
  const { fd, client, peer } = await socketPair(t);
  client.on('error', () => {});
  peer.destroy();
  await once(peer, 'close');
  assert.equal(writeAtOnce(fd, 'calico/node is ready\n'.repeat(10_000)), undefined);
});

test('a small write goes out whole at once', async (t) => {
  const { fd, peer } = await socketPair(t);
  assert.equal(writeAtOnce(fd, 'calico/node is live\n'), undefined);
  const [chunk] = (await once(peer, 'data')) as [Buffer];
  assert.equal(chunk.toString(), 'calico/node is live\n');
});

test('only a terminal is a terminal: not a socket, not a file, not /dev/null', async (t) => {
  const { fd } = await socketPair(t);
  assert.equal(isTerminal(fd), false);
  const { openSync, closeSync } = await import('node:fs');
  for (const path of ['/dev/null', import.meta.filename]) {
    const file = openSync(path, 'r');
    t.after(() => closeSync(file));
    assert.equal(isTerminal(file), false, path);
  }
});
