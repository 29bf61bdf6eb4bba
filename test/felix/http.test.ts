import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import test from 'node:test';
import { FelixHttpError, getFelix, type FelixErrorKind } from '../../src/felix/http.ts';
import { freePort, httpServer, ipv6Missing, rawServer } from '../support/felix-servers.ts';
import { need } from '../support/needs.ts';

const table = readFileSync(new URL('../fixtures/felix/reference-timed-out.txt', import.meta.url), 'utf8');

/** The promise's rejection, checked to be a FelixHttpError of `kind`. */
async function failure(promise: Promise<unknown>, kind: FelixErrorKind): Promise<FelixHttpError> {
  const error = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FelixHttpError, String(error));
  assert.equal(error.kind, kind, error.message);
  return error;
}

function noListenerLeft(signal: AbortSignal): void {
  assert.equal(getEventListeners(signal, 'abort').length, 0, 'abort listener removed');
}

test('200 with the table: status, whole body, request as a probe sends it', async (t) => {
  let seen: { method?: string; url?: string; headers?: IncomingHttpHeaders } = {};
  const server = await httpServer((req, res) => {
    seen = { method: req.method, url: req.url, headers: req.headers };
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(table);
  });
  t.after(() => server.close());
  const signal = AbortSignal.timeout(2000);
  const response = await getFelix(server.url(), { signal });
  assert.deepEqual(response, { status: 200, body: table, truncated: false, location: null, url: server.url() });
  assert.equal(seen.method, 'GET');
  assert.equal(seen.url, '/readiness');
  assert.equal(seen.headers?.['user-agent'], 'calico-probe');
  assert.equal(seen.headers?.connection, 'close');
  noListenerLeft(signal);
  await server.allClosed();
});

test("503 with the table resolves: judging the status is the caller's job", async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(503).end(table));
  t.after(() => server.close());
  const response = await getFelix(server.url('/liveness'), { signal: AbortSignal.timeout(2000) });
  assert.equal(response.status, 503);
  assert.equal(response.body, table);
});

test('a server that never sends headers: timeout at the signal, naming URL and stage', async (t) => {
  const server = await rawServer(() => {}); // accepts, reads, says nothing
  t.after(() => server.close());
  const signal = AbortSignal.timeout(200);
  const started = Date.now();
  const error = await failure(getFelix(server.url(), { signal }), 'timeout');
  assert.equal(error.message, `GET ${server.url()}: no response headers within the deadline`);
  assert.ok(Date.now() - started < 1500);
  noListenerLeft(signal);
  await server.allClosed(); // the client destroyed its socket
});

test('headers, then a body that drips forever: cut at the signal', async (t) => {
  const timers: NodeJS.Timeout[] = [];
  const server = await httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': '1000000' });
    timers.push(setInterval(() => res.write('|'), 20));
  });
  t.after(async () => {
    for (const timer of timers) clearInterval(timer);
    await server.close();
  });
  const signal = AbortSignal.timeout(300);
  const error = await failure(getFelix(server.url(), { signal }), 'timeout');
  assert.equal(error.message, `GET ${server.url()}: response body incomplete at the deadline`);
  noListenerLeft(signal);
  await server.allClosed();
});

test('a 50 MB body: the first 64 KiB, truncated, the rest never read', async (t) => {
  let written = 0;
  const total = 50 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server = await httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(total) });
    const pump = (): void => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => {});
    pump();
  });
  t.after(() => server.close());
  const started = Date.now();
  const response = await getFelix(server.url(), { signal: AbortSignal.timeout(5000) });
  assert.equal(response.truncated, true);
  assert.equal(response.body.length, 64 * 1024);
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  await server.allClosed();
  assert.ok(written < 20 * 1024 * 1024, `server wrote ${written} bytes before the client hung up`);

  const small = await getFelix(server.url(), { signal: AbortSignal.timeout(5000), maxBodyBytes: 100 });
  assert.deepEqual([small.truncated, small.body.length], [true, 100]);
});

test('a redirect to another host is returned, not followed', async (t) => {
  let requests = 0;
  const server = await httpServer((_req, res) => {
    requests += 1;
    res.writeHead(302, { Location: 'http://felix.elsewhere.invalid:9099/readiness' }).end();
  });
  t.after(() => server.close());
  const response = await getFelix(server.url(), { signal: AbortSignal.timeout(2000) });
  assert.equal(response.status, 302);
  assert.equal(response.location, 'http://felix.elsewhere.invalid:9099/readiness');
  assert.equal(requests, 1);
});

test('a reset before the answer: kind reset', async (t) => {
  const server = await rawServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.timeout(2000) }), 'reset');
  assert.equal(error.code, 'ECONNRESET');
  assert.match(error.message, new RegExp(`^GET ${server.url()}: `));
});

test('a reset in the middle of the body: kind reset', async (t) => {
  const server = await rawServer((socket) =>
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n+------');
      setTimeout(() => socket.resetAndDestroy(), 50);
    }),
  );
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.timeout(2000) }), 'reset');
  assert.equal(error.message, `GET ${server.url()}: connection reset by peer while reading the body`);
});

test('a clean close in the middle of the body: kind reset, said plainly', async (t) => {
  const server = await rawServer((socket) =>
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n+------')),
  );
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.timeout(2000) }), 'reset');
  assert.equal(error.message, `GET ${server.url()}: connection closed before the body was complete`);
});

test('a server that closes without answering: kind reset', async (t) => {
  const server = await rawServer((socket) => socket.once('data', () => socket.end()));
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.timeout(2000) }), 'reset');
  assert.equal(error.message, `GET ${server.url()}: connection closed before a response`);
});

test('non-HTTP bytes: kind protocol', async (t) => {
  const server = await rawServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n')));
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.timeout(2000) }), 'protocol');
  assert.equal(error.message, `GET ${server.url()}: the answer is not HTTP; is something else listening on 127.0.0.1:${server.port}?`);
});

test('IPv6 literal: http://[::1]:port', async (t) => {
  if (!need(t, await ipv6Missing())) return;
  const server = await httpServer((_req, res) => res.writeHead(200).end(table), '::1');
  t.after(() => server.close());
  assert.match(server.url(), /^http:\/\/\[::1\]:\d+\/readiness$/);
  const response = await getFelix(server.url(), { signal: AbortSignal.timeout(2000) });
  assert.equal(response.status, 200);
});

test('refused: nothing listening', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/readiness`;
  const signal = AbortSignal.timeout(2000);
  const error = await failure(getFelix(url, { signal }), 'refused');
  assert.equal(error.message, `GET ${url}: connection refused (nothing listening on 127.0.0.1:${port})`);
  assert.equal(error.code, 'ECONNREFUSED');
  assert.equal(error.url, url);
  noListenerLeft(signal);
});

test('refused on localhost (both families tried)', async () => {
  const port = await freePort();
  const error = await failure(getFelix(`http://localhost:${port}/liveness`, { signal: AbortSignal.timeout(2000) }), 'refused');
  assert.match(error.message, new RegExp(`nothing listening on localhost:${port}\\)$`));
});

test('bad URLs are rejected before any I/O', async () => {
  await failure(getFelix('not a url', { signal: AbortSignal.timeout(1000) }), 'bad-url');
  const https = await failure(getFelix('https://localhost:9099/readiness', { signal: AbortSignal.timeout(1000) }), 'bad-url');
  assert.match(https.message, /only http:\/\//);
});

// `.invalid` is answered without a DNS query (RFC 6761), so this test sends no traffic.
test('an unresolvable host: kind dns', async () => {
  const error = await failure(getFelix('http://felix.invalid:9099/readiness', { signal: AbortSignal.timeout(3000) }), 'dns');
  assert.match(error.message, /^GET http:\/\/felix.invalid:9099\/readiness: .*\(felix.invalid\)$/);
});

test('an already-aborted signal: timeout without connecting', async (t) => {
  const server = await httpServer((_req, res) => res.end());
  t.after(() => server.close());
  const error = await failure(getFelix(server.url(), { signal: AbortSignal.abort() }), 'timeout');
  assert.match(error.message, /deadline reached before connecting/);
  assert.equal(server.sockets.length, 0);
});

test('a deadline before the connection is up names that stage', async (t) => {
  const server = await httpServer((_req, res) => res.end());
  t.after(() => server.close());
  const controller = new AbortController();
  const pending = getFelix(server.url(), { signal: controller.signal });
  controller.abort(); // connecting is asynchronous: this lands first
  const error = await failure(pending, 'timeout');
  assert.equal(error.message, `GET ${server.url()}: no connection within the deadline`);
  noListenerLeft(controller.signal);
});
