// Felix health-server faults: for each, `ready` and `live` (BIRD and runit healthy) end within
// --timeout + 250 ms with a first line naming the Felix check, the URL and the fault. Servers
// are real node:http and node:net servers on 127.0.0.1. How the host is reached (FELIX_HEALTHHOST
// as ::1, or a name whose DNS never answers) is felix-host.test.ts.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { startFakeBird, type FakeBird } from '../support/fake-bird.ts';
import { httpServer, rawServer, type Local } from '../support/felix-servers.ts';
import { renderTable, DEFAULT_REPORTERS } from '../support/felix-standin.ts';
import type { CliRun } from '../support/run-cli.ts';
import { healthy } from '../support/bird-standins.ts';
import { startHealthyRunit, type HealthyRunit } from '../support/runit-standin.ts';
import { assertFault, nodenameFile, probe, tempDir, TIMEOUT } from './support.ts';
import { escapeRegExp } from '../support/regexp.ts';

let bird: FakeBird;
let runit: HealthyRunit | undefined;
let temp: Awaited<ReturnType<typeof tempDir>>;
let nodename = '';

before(async () => {
  [bird, runit, temp] = await Promise.all([startFakeBird(healthy), startHealthyRunit(), tempDir('cp-faults-felix-')]);
  nodename = await nodenameFile(temp.dir);
});
after(async () => {
  await Promise.all([bird.close(), runit?.stop(), temp.remove()]);
});

const PEAK_RSS = new URL('./peak-rss.cjs', import.meta.url).pathname;
const TABLE = renderTable(DEFAULT_REPORTERS);

/** `ready` and `live` at once against the Felix at `base` (no path), everything else healthy. */
function probeBoth(base: string | undefined, env: NodeJS.ProcessEnv = {}): Promise<[CliRun, CliRun | undefined]> {
  const common = ['--timeout', TIMEOUT, '--family', 'ipv4', '--bird-socket', bird.path, ...(base ? ['--felix-url', base] : [])];
  return Promise.all([
    probe(['ready', ...common, '--nodename-file', nodename], { env }),
    runit ? probe(['live', ...common, '--service-dir', runit.serviceDir], { env }) : undefined,
  ]);
}

/** Both first lines: `felix is not ready: GET <base>/readiness: <detail>` and the liveness twin. */
function assertBoth([ready, live]: [CliRun, CliRun | undefined], base: string, detail: string, code = 1): void {
  assertFault(
    ready,
    { code, firstLine: new RegExp(`^calico/node is not ready: felix is not ready: GET ${escapeRegExp(base)}/readiness: ${detail}$`) },
    'ready',
  );
  assert.match(ready.stdout, /^bird-ready +pass /m, 'BIRD is still reported');
  if (live === undefined) return;
  assertFault(
    live,
    { code, firstLine: new RegExp(`^calico/node is not ready: Felix is not live: GET ${escapeRegExp(base)}/liveness: ${detail}$`) },
    'live',
  );
  assert.match(live.stdout, /^bird-live +pass /m, 'BIRD is still reported');
}

async function serve(t: TestContext, server: Promise<Local>): Promise<Local> {
  const local = await server;
  t.after(() => local.close());
  return local;
}

/** Answers headers and then writes `chunk` whenever the socket drains, up to `total` bytes. */
function pumpBody(status: number, total: number, counter: { written: number }): http.RequestListener {
  const chunk = Buffer.alloc(64 * 1024, '|');
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(total) });
    res.on('error', () => {});
    const pump = (): void => {
      while (counter.written < total && !res.destroyed) {
        counter.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  };
}

describe('a Felix that misbehaves', () => {
  test('never sends headers', async (t) => {
    const felix = await serve(
      t,
      rawServer(() => {}),
    );
    const base = felix.url('');
    assertBoth(await probeBoth(base), base, 'no response headers within the deadline');
    await felix.allClosed();
  });

  test('sends headers, then drips the body forever', async (t) => {
    const timers: NodeJS.Timeout[] = [];
    t.after(() => {
      for (const timer of timers) clearInterval(timer);
    });
    const felix = await serve(
      t,
      httpServer((_req, res) => {
        res.writeHead(200, { 'Content-Length': '1000000' });
        timers.push(setInterval(() => res.write('|'), 100));
      }),
    );
    const base = felix.url('');
    assertBoth(await probeBoth(base), base, 'response body incomplete at the deadline');
    await felix.allClosed();
  });

  test('a 50 MB body: only a bounded prefix is read, memory stays bounded', async (t) => {
    const counter = { written: 0 };
    const felix = await serve(t, httpServer(pumpBody(503, 50 * 2 ** 20, counter)));
    const rss = join(temp.dir, 'felix-peak-rss');
    const run = await probe(['check', 'felix-ready', '--timeout', TIMEOUT, '--felix-url', felix.url('')], {
      nodeArgs: ['--require', PEAK_RSS],
      env: { PEAK_RSS_FILE: rss },
    });
    assertFault(run, { code: 1, firstLine: 'calico/node is not ready: felix is not ready: readiness probe reporting 503' });
    await felix.allClosed();
    assert.ok(counter.written < 16 * 2 ** 20, `Felix wrote ${counter.written} bytes before the probe hung up`);
    const peakMiB = Number(await readFile(rss, 'utf8')) / 1024;
    assert.ok(peakMiB < 128, `peak RSS ${peakMiB.toFixed(0)} MiB`);
    t.diagnostic(`50 MB body: probe hung up after ${(counter.written / 2 ** 20).toFixed(1)} MiB; peak RSS ${peakMiB.toFixed(0)} MiB`);
  });

  test('a 50 MB body with status 200: passes as the kubelet would, with a warning naming the cap', async (t) => {
    const felix = await serve(t, httpServer(pumpBody(200, 50 * 2 ** 20, { written: 0 })));
    const run = await probe(['check', 'felix-ready', '--timeout', TIMEOUT, '--felix-url', felix.url('')]);
    assertFault(run, {
      code: 0,
      firstLine: /^calico\/node is ready \(1 warning: felix-ready: .*body larger than 64 KiB; only the first 64 KiB were read\)$/,
    });
  });

  test('a redirect to another host is not followed: success with a warning, as the kubelet reports it', async (t) => {
    const elsewhere = await serve(
      t,
      httpServer((_req, res) => res.writeHead(503).end(TABLE), '127.0.0.2'),
    );
    const felix = await serve(
      t,
      httpServer((req, res) => res.writeHead(302, { Location: elsewhere.url(req.url) }).end()),
    );
    const [ready, live] = await probeBoth(felix.url(''));
    const warning = (path: string) => `${felix.url(path)} redirected to ${elsewhere.url(path)}; not followed`;
    assertFault(ready, { code: 0, firstLine: `calico/node is ready (1 warning: felix-ready: ${warning('/readiness')})` });
    if (live) assertFault(live, { code: 0, firstLine: `calico/node is live (1 warning: felix-live: ${warning('/liveness')})` });
    assert.equal(elsewhere.sockets.length, 0, 'the other host was never asked');
  });

  test('resets the connection', async (t) => {
    const felix = await serve(
      t,
      rawServer((socket) => socket.once('data', () => socket.resetAndDestroy())),
    );
    const base = felix.url('');
    assertBoth(await probeBoth(base), base, '(connection reset by peer|connection closed before a response)');
  });

  test('answers with non-HTTP bytes', async (t) => {
    const felix = await serve(
      t,
      rawServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n'))),
    );
    const base = felix.url('');
    assertBoth(await probeBoth(base), base, `the answer is not HTTP; is something else listening on 127\\.0\\.0\\.1:${felix.port}\\?`);
  });

  test('nothing listening', async (t) => {
    const felix = await serve(
      t,
      rawServer(() => {}),
    );
    const base = felix.url('');
    await felix.close();
    assertBoth(await probeBoth(base), base, `connection refused \\(nothing listening on 127\\.0\\.0\\.1:${felix.port}\\)`);
  });
});
