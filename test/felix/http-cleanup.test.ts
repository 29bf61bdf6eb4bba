// In a file of its own, so no other test's sockets are still closing when handles are counted.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import test from 'node:test';
import { FelixHttpError, getFelix } from '../../src/felix/http.ts';
import { httpServer, rawServer } from '../support/felix-servers.ts';

const handles = (kind: string): number => process.getActiveResourcesInfo().filter((name) => name === kind).length;

test('nothing is left behind once settled: no socket, timer or abort listener', async (t) => {
  const before = { sockets: handles('TCPSocketWrap'), timers: handles('Timeout') };

  const dripping = await rawServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n+-')));
  const answering = await httpServer((_req, res) => res.writeHead(200).end('x'.repeat(100_000)));
  t.after(async () => {
    await dripping.close();
    await answering.close();
  });

  const controller = new AbortController();
  const abort = setTimeout(() => controller.abort(), 100);
  const error = await getFelix(dripping.url(), { signal: controller.signal }).catch((e: unknown) => e);
  assert.ok(error instanceof FelixHttpError && error.kind === 'timeout');
  clearTimeout(abort);
  const signal = new AbortController().signal;
  const truncated = await getFelix(answering.url(), { signal, maxBodyBytes: 1000 });
  assert.equal(truncated.truncated, true);

  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  assert.equal(getEventListeners(signal, 'abort').length, 0);
  await dripping.allClosed();
  await answering.allClosed();
  // The two listening servers are TCPServerWrap; every TCPSocketWrap (ours and theirs) is gone.
  assert.equal(handles('TCPSocketWrap'), before.sockets);
  assert.equal(handles('Timeout'), before.timers);
});
