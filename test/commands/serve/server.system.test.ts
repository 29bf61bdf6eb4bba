// serve as a robust server, whatever it probes: refusals, slow clients, the connection cap,
// graceful shutdown and start-up failures. The built CLI runs as a child process; BIRD is a
// socket that accepts and never answers, Felix a real stand-in, so no root is needed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFelixStandin, type FelixStandin } from '../../support/felix-standin.ts';
import { request } from '../../support/http-get.ts';
import { runCli } from '../../support/run-cli.ts';
import { startServe, type ServeProcess } from '../../support/serve-process.ts';

let dir: string;
let felix: FelixStandin;
let silentBird: net.Server;
let args: string[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cp-serve-'));
  writeFileSync(join(dir, 'nodename'), 'node\n');
  silentBird = net.createServer(() => {
    /* accept, never answer: a hung BIRD */
  });
  await new Promise<void>((resolve) => silentBird.listen(join(dir, 'bird.ctl'), resolve));
  felix = await startFelixStandin();
  args = [
    '--felix-url',
    felix.url,
    '--bird-socket',
    join(dir, 'bird.ctl'),
    '--nodename-file',
    join(dir, 'nodename'),
    '--service-dir',
    join(dir, 'service'),
    '--family',
    'ipv4',
    '--timeout',
    '1s',
    '--min-interval',
    '0',
  ];
});
after(async () => {
  silentBird.close();
  await felix.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serving(t: { after(fn: () => Promise<unknown>): void }, extra: string[] = []): Promise<ServeProcess> {
  const serve = await startServe([...args, ...extra]);
  t.after(() => serve.stop('SIGKILL'));
  return serve;
}

/** Opens a raw TCP connection and reports when the server closes it. */
function rawConnection(base: string): Promise<{ socket: net.Socket; closed: Promise<number>; received: () => string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(Number(port), hostname, () => {
      const started = performance.now();
      const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - started)));
      resolve({ socket, closed, received: () => received });
    });
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

describe('serve, the server', { concurrency: false }, () => {
  test('anything but GET or HEAD of a known path is refused, with a short reason', async (t) => {
    const serve = await serving(t);
    for (const path of ['/', '/readyz/', '/healthz', '/metrics/', '/READYZ']) {
      const answer = await request(serve.base + path);
      assert.equal(answer.status, 404, path);
      assert.match(answer.body, /^not found: the endpoints are \/livez, \/readyz, \/liveness, \/readiness, \/metrics\n$/);
    }
    const post = await request(`${serve.base}/readyz`, { method: 'POST' });
    assert.deepEqual([post.status, post.headers.allow], [405, 'GET, HEAD']);
    const body = await request(`${serve.base}/readyz`, { method: 'GET', body: 'x'.repeat(100), headers: { 'Content-Length': '100' } });
    assert.deepEqual([body.status, body.headers.connection], [413, 'close']);
    const head = await request(`${serve.base}/nowhere`, { method: 'HEAD' });
    assert.deepEqual([head.status, head.body], [404, '']);
  });

  test('a client that never finishes its headers is dropped', async (t) => {
    const serve = await serving(t);
    const slow = await rawConnection(serve.base);
    slow.socket.write('GET /readyz HTTP/1.1\r\nHost: x\r\n'); // and nothing more
    const closedAfter = await slow.closed;
    assert.ok(closedAfter > 1500 && closedAfter < 4000, `closed after ${closedAfter} ms`);
    assert.match(slow.received(), /^HTTP\/1\.1 408 /);
    assert.equal((await request(`${serve.base}/livez`)).status, 503, 'still answering');
  });

  test('connections over the cap are closed at once; the server answers again when they go', async (t) => {
    const serve = await serving(t);
    const held = await Promise.all(Array.from({ length: 140 }, () => rawConnection(serve.base)));
    t.after(() => {
      for (const c of held) c.socket.destroy();
    });
    // Polled, not timed: on a busy machine the server may take a while to see every connection.
    const dropped = () => held.filter((c) => c.socket.destroyed || c.socket.readyState !== 'open').length;
    for (const until = Date.now() + 10_000; dropped() < 140 - 128 && Date.now() < until; ) await sleep(50);
    await sleep(100);
    assert.equal(dropped(), 140 - 128);
    for (const c of held) c.socket.destroy();
    await sleep(100);
    assert.equal((await request(`${serve.base}/livez`)).status, 503);
  });

  test('SIGTERM: stops accepting, answers the request in flight, exits 0', async () => {
    const serve = await startServe(args);
    await serve.waitForLog('probe-changed', (l) => l.probe === 'ready', 5000);
    // A new run (BIRD will not answer for 1 s), on a connection the client would keep alive.
    const agent = new http.Agent({ keepAlive: true });
    const inFlight = request(`${serve.base}/readyz`, { agent });
    await sleep(200);
    const ended = serve.stop('SIGTERM');
    await serve.waitForLog('stopping');
    const refused = await request(`${serve.base}/livez`).then(
      () => 'answered',
      (e: NodeJS.ErrnoException) => e.code,
    );
    assert.equal(refused, 'ECONNREFUSED');
    const answer = await inFlight;
    agent.destroy();
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.connection, 'close', 'no keep-alive once shutting down');
    assert.match(answer.firstLine, /within the deadline/);
    assert.deepEqual(await ended, { code: 0, signal: null });
    assert.deepEqual(serve.logs.map((l) => l.event).slice(-2), ['stopping', 'stopped']);
  });

  test('a second SIGTERM while shutting down ends the process at once, by the signal', async () => {
    const serve = await startServe(args);
    await serve.waitForLog('probe-changed', (l) => l.probe === 'ready', 5000);
    const inFlight = request(`${serve.base}/readyz`).catch(() => undefined); // BIRD will not answer for 1 s
    await sleep(200);
    serve.child.kill('SIGTERM');
    await serve.waitForLog('stopping');
    assert.deepEqual(await serve.stop('SIGTERM'), { code: null, signal: 'SIGTERM' });
    await inFlight;
  });

  test('SIGINT exits 0 as well', async () => {
    const serve = await startServe(args);
    assert.deepEqual(await serve.stop('SIGINT'), { code: 0, signal: null });
  });

  test('an address that cannot be bound: logged, exit 2', async (t) => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    t.after(() => squatter.close());
    const taken = `127.0.0.1:${(squatter.address() as net.AddressInfo).port}`;
    const serve = await startServe([...args, '--listen', taken], { expect: 'exit' });
    assert.deepEqual(await serve.stop(), { code: 2, signal: null });
    const failed = serve.logs.find((l) => l.event === 'listen-failed');
    assert.equal(failed?.address, taken);
    assert.match(String(failed?.message), /EADDRINUSE/);
  });

  test('bad serve options are usage errors: exit 2, nothing listens', async () => {
    for (const [flags, message] of [
      [['--listen', 'nowhere'], /invalid value "nowhere" for --listen: expected host:port/],
      [['--listen', '127.0.0.1:70000'], /the port must be from 0 to 65535/],
      [['--min-interval', 'often'], /invalid value "often" for --min-interval/],
      [['--no-metrics', '--metrics-listen', ':9097'], /--metrics-listen cannot be used with --no-metrics/],
      [['--output', 'json'], /unknown option '--output'/],
    ] as const) {
      const run = await runCli(['serve', ...flags]);
      assert.equal(run.code, 2, flags.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
  });
});
