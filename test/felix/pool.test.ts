// The keep-alive Felix client serve uses: one connection across requests, and the same answers
// and the same error words as the one-shot getFelix, case by case, against real local servers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type net from 'node:net';
import test from 'node:test';
import { FelixHttpError, getFelix } from '../../src/felix/http.ts';
import { openFelixPool, type FelixPool } from '../../src/felix/pool.ts';
import { freePort, httpServer, rawServer, type Local } from '../support/felix-servers.ts';

const table = readFileSync(new URL('../fixtures/felix/reference-timed-out.txt', import.meta.url), 'utf8');

async function withPool(server: Local | undefined, origin: string, body: (pool: FelixPool) => Promise<void>): Promise<void> {
  const pool = await openFelixPool(origin);
  try {
    await body(pool);
  } finally {
    await pool.close();
    await server?.close();
  }
}

const origin = (server: Local): string => new URL(server.url()).origin;

test('requests share one kept-alive connection; status, body and headers as getFelix sees them', async () => {
  const seen: string[] = [];
  const server = await httpServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['user-agent']}`);
    res.writeHead(req.url === '/liveness' ? 200 : 503, { 'Content-Type': 'text/plain' }).end(table);
  });
  await withPool(server, origin(server), async (pool) => {
    for (const path of ['/liveness', '/readiness', '/liveness']) {
      const viaPool = await pool.get(server.url(path), AbortSignal.timeout(2000));
      assert.deepEqual(viaPool, await getFelix(server.url(path), { signal: AbortSignal.timeout(2000) }));
    }
    // One socket for the pool's three requests, one per one-shot request.
    assert.equal(server.sockets.length, 1 + 3);
    assert.deepEqual(seen.slice(0, 2), ['GET /liveness calico-probe', 'GET /liveness calico-probe']);
  });
});

test('the body cap and redirects behave as in getFelix', async () => {
  const big = 'x'.repeat(200 * 1024);
  const server = await httpServer((req, res) => {
    if (req.url === '/readiness') return void res.writeHead(200).end(big);
    res.writeHead(302, { Location: 'http://elsewhere.invalid/liveness' }).end();
  });
  await withPool(server, origin(server), async (pool) => {
    const capped = await pool.get(server.url('/readiness'), AbortSignal.timeout(2000));
    assert.deepEqual([capped.truncated, capped.body.length], [true, 64 * 1024]);
    const redirect = await pool.get(server.url('/liveness'), AbortSignal.timeout(2000));
    assert.deepEqual([redirect.status, redirect.location], [302, 'http://elsewhere.invalid/liveness']);
  });
});

/** Servers that fail in one way each; both clients must say the same thing about them. */
const FAILURES: [string, (socket: net.Socket) => void, FelixHttpError['kind']][] = [
  ['silent', () => {}, 'timeout'],
  ['closes without answering', (s) => s.once('data', () => s.end()), 'reset'],
  ['closes inside the body', (s) => s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n+---')), 'reset'],
  ['not HTTP', (s) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n')), 'protocol'],
  [
    'body drips past the deadline',
    (s) =>
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n+');
        const timer = setInterval(() => s.write('-'), 20);
        s.once('close', () => clearInterval(timer));
      }),
    'timeout',
  ],
];

for (const [label, behave, kind] of FAILURES) {
  test(`same error as getFelix: ${label}`, async () => {
    const server = await rawServer(behave);
    await withPool(server, origin(server), async (pool) => {
      const viaPool = await pool.get(server.url(), AbortSignal.timeout(300)).catch((e: unknown) => e);
      const oneShot = await getFelix(server.url(), { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
      assert.ok(viaPool instanceof FelixHttpError && oneShot instanceof FelixHttpError, `${String(viaPool)} / ${String(oneShot)}`);
      assert.deepEqual([viaPool.kind, viaPool.message], [oneShot.kind, oneShot.message]);
      assert.equal(viaPool.kind, kind);
    });
  });
}

test('refused: the same words as getFelix', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/readiness`;
  await withPool(undefined, `http://127.0.0.1:${port}`, async (pool) => {
    const error = await pool.get(url, AbortSignal.timeout(2000)).catch((e: unknown) => e);
    assert.ok(error instanceof FelixHttpError);
    assert.deepEqual([error.kind, error.message], ['refused', `GET ${url}: connection refused (nothing listening on 127.0.0.1:${port})`]);
  });
});

test('Felix closing an idle kept-alive connection costs no failure', async () => {
  const server = await httpServer((_req, res) => res.writeHead(200).end(table));
  await withPool(server, origin(server), async (pool) => {
    assert.equal((await pool.get(server.url(), AbortSignal.timeout(2000))).status, 200);
    for (const socket of server.sockets) socket.destroy();
    assert.equal((await pool.get(server.url(), AbortSignal.timeout(2000))).status, 200);
    assert.equal(server.sockets.length, 2);
  });
});
