// `calico-probe serve` against real BIRD 1.6 / BIRD 2, runit and a Felix stand-in, asked by real
// HTTP clients: status codes per scenario, the JSON detail, aliases, HEAD, metrics, coalescing of
// concurrent requests into one BIRD query, a hung BIRD, and health without (or with broken) metrics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBirdProxy } from '../support/bird-proxy.ts';
import { request, requestUntil } from '../support/http-get.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { startServe, type ServeProcess } from '../support/serve-process.ts';
import { need } from '../support/needs.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

const WINDOW_CLOSED = 120;
const WINDOW_OPEN = 2;

/** serve on the rig, stopped (and checked to exit 0) when the test ends. */
async function serveOnRig(t: { after(fn: () => Promise<void>): void }, r: Rig, extra: string[] = []): Promise<ServeProcess> {
  const serve = await startServe([...r.args, ...extra]);
  t.after(async () => {
    const how = await serve.stop('SIGTERM');
    assert.deepEqual(how, { code: 0, signal: null }, JSON.stringify(serve.logs));
  });
  return serve;
}

const firstResult = (serve: ServeProcess, probe: 'live' | 'ready') => serve.waitForLog('probe-changed', (l) => l.probe === probe);

describe('serve against real BIRD', { concurrency: false }, () => {
  test('healthy: 200 with the text verdict on every alias; HEAD; JSON on ?verbose and Accept', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const serve = await serveOnRig(t, rig, ['--min-interval', '0']);
    await Promise.all([firstResult(serve, 'ready'), firstResult(serve, 'live')]);
    for (const path of ['/readyz', '/readiness']) {
      const answer = await request(serve.base + path);
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.firstLine, 'calico/node is ready');
      assert.match(answer.body, /^bird-ready +pass +BGP established with (\d+) of \1 peers$/m);
      assert.equal(answer.headers['content-type'], 'text/plain; charset=utf-8');
    }
    for (const path of ['/livez', '/liveness']) {
      const answer = await request(serve.base + path);
      assert.deepEqual([answer.status, answer.firstLine], [200, 'calico/node is live']);
    }
    for (const path of ['/', '/healthz', '/readyz/']) assert.equal((await request(serve.base + path)).status, 404, path);
    const head = await request(`${serve.base}/readyz`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    assert.ok(Number(head.headers['content-length']) > 0);

    const verbose = await request(`${serve.base}/readyz?verbose`);
    assert.equal(verbose.headers['content-type'], 'application/json');
    const doc = JSON.parse(verbose.body);
    assert.deepEqual([doc.status, doc.exitCode], ['pass', 0]);
    const bird = doc.checks.find((c: { name: string }) => c.name === 'bird-ready');
    const port = bird.details.peers.find((p: { name: string }) => p.name === 'Node_10_0_0_6_port_1790');
    assert.deepEqual([port.address, port.port, port.bgpState], ['10.0.0.6', 1790, 'Established']);
    const live = JSON.parse((await request(`${serve.base}/livez`, { headers: { Accept: 'application/json' } })).body);
    assert.deepEqual(
      live.checks.map((c: { name: string }) => c.name),
      ['felix-live', 'bird-live'],
    );
  });

  test('a peer down: 503 naming it inside the window, 200 with a warning after', async (t) => {
    if (!requireRig(t, rig)) return;
    const serve = await serveOnRig(t, rig, ['--min-interval', '0']);
    await firstResult(serve, 'ready');
    const peer = rig.harness.peer('Node_10_0_0_4');
    await peer.stop();
    t.after(() => peer.start());
    await rig.harness.waitFor(rig.harness.bird.socket, (raw) => /Node_10_0_0_4\s+BGP\s+\S+\s+start/.test(raw));
    await rig.harness.setNodenameAge(WINDOW_OPEN);
    const inside = await request(`${serve.base}/readyz`);
    assert.equal(inside.status, 503);
    assert.equal(inside.firstLine, 'calico/node is not ready: BIRD is not ready: BGP not established with 10.0.0.4');
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const outside = await request(`${serve.base}/readyz`);
    assert.deepEqual(
      [outside.status, outside.firstLine],
      [200, 'calico/node is ready (1 warning: bird-ready: BGP not established with 10.0.0.4)'],
    );
    assert.equal((await request(`${serve.base}/livez`)).status, 200, 'a peer down is not a liveness problem');
    const changes = serve.logs.filter((l) => l.event === 'probe-changed' && l.probe === 'ready').map((l) => l.to);
    assert.deepEqual(changes.slice(-2), ['fail', 'warn'], 'each change of verdict is logged once');
  });

  test('Felix not ready: /readyz 503 naming the reporter, /livez still 200', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const serve = await serveOnRig(t, rig, ['--min-interval', '0']);
    await firstResult(serve, 'ready');
    rig.felix.setReporters([
      { name: 'FelixStartup', live: true, ready: true },
      { name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: true, ready: false, detail: 'resyncing' },
    ]);
    t.after(() => rig?.felix.setReporters([{ name: 'FelixStartup', live: true, ready: true }]));
    const ready = await requestUntil(`${serve.base}/readyz`, (a) => a.status === 503);
    assert.equal(
      ready.firstLine,
      'calico/node is not ready: felix is not ready: readiness probe reporting 503 (InternalDataplaneMainLoop reporting non-ready: resyncing)',
    );
    assert.equal((await request(`${serve.base}/livez`)).status, 200);
  });

  test('BIRD stopped: 503 naming the socket; back to 200 once it runs again', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const socket = rig.harness.bird.socket;
    const serve = await serveOnRig(t, rig, ['--min-interval', '0']);
    await requestUntil(`${serve.base}/readyz`, (a) => a.status === 200);
    await rig.harness.killNodeBird('bird', 'SIGTERM');
    const down = await request(`${serve.base}/readyz`);
    assert.equal(down.status, 503);
    assert.ok(down.firstLine.includes(socket) && /no such file/.test(down.firstLine), down.firstLine);
    assert.equal((await request(`${serve.base}/livez`)).status, 503);
    await rig.harness.svUp('bird');
    await rig.harness.waitEstablished(socket);
    await rig.harness.waitGrRecoveryOver(socket);
    assert.equal((await requestUntil(`${serve.base}/readyz`, (a) => a.status === 200)).firstLine, 'calico/node is ready');
  });

  test('200 concurrent /readyz requests cause one BIRD query', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const proxy = await startBirdProxy(rig.harness.bird.socket);
    t.after(() => proxy.close());
    const serve = await serveOnRig(t, rig, ['--bird-socket', proxy.path, '--min-interval', '2s']);
    await Promise.all([firstResult(serve, 'ready'), firstResult(serve, 'live')]);
    await sleep(2100); // the warm-up results are now older than --min-interval
    const before = proxy.commands.length;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    t.after(() => agent.destroy());
    const answers = await Promise.all(Array.from({ length: 200 }, () => request(`${serve.base}/readyz`, { agent })));
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    assert.deepEqual(proxy.commands.slice(before), ['show protocols', 'show status'], 'one batch for all 200 requests');
    assert.equal(proxy.connections, 1, 'live and ready share one kept-open connection');
    await proxy.close();
  });

  test('a hung BIRD: 503 before the first check, then 503 within the check deadline, never a hang', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const birdPid = Number(readFileSync(join(rig.harness.serviceDir, 'bird/supervise/pid'), 'utf8'));
    process.kill(birdPid, 'SIGSTOP'); // BIRD's socket still accepts; nothing answers
    let stopped = true;
    const resume = (): void => {
      if (stopped) process.kill(birdPid, 'SIGCONT');
      stopped = false;
    };
    t.after(resume);
    const serve = await serveOnRig(t, rig, ['--timeout', '1s', '--min-interval', '0']);
    const early = await request(`${serve.base}/readyz`);
    assert.equal(early.status, 503);
    assert.match(early.firstLine, /^calico\/node is not ready: felix is not ready: no result yet: the first check is still running/);
    assert.ok(early.ms < 500, `the first answer must not wait for the check (${early.ms} ms)`);

    await firstResult(serve, 'ready');
    const hung = await request(`${serve.base}/readyz`);
    assert.equal(hung.status, 503);
    assert.ok(hung.ms < 1000 + 300, `answered after ${hung.ms} ms`);
    assert.ok(
      hung.firstLine.startsWith('calico/node is not ready: BIRD is not ready: ') && hung.firstLine.includes(rig.harness.bird.socket),
      hung.firstLine,
    );
    assert.match(hung.firstLine, /within the deadline/);
    const live = await request(`${serve.base}/livez`);
    assert.ok(live.status === 503 && live.ms < 1000 + 300, `${live.status} after ${live.ms} ms`);

    resume();
    assert.equal((await requestUntil(`${serve.base}/readyz`, (a) => a.status === 200)).firstLine, 'calico/node is ready');
  });

  test('--no-metrics: /metrics is 404 and the health endpoints answer the same', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const serve = await serveOnRig(t, rig, ['--no-metrics']);
    await Promise.all([firstResult(serve, 'ready'), firstResult(serve, 'live')]);
    assert.equal((await request(`${serve.base}/metrics`)).status, 404);
    for (const path of ['/readyz', '/readiness', '/livez', '/liveness']) {
      assert.equal((await request(serve.base + path)).status, 200, path);
      assert.equal((await request(serve.base + path, { method: 'HEAD' })).status, 200, path);
    }
    assert.equal(serve.logs.find((l) => l.event === 'listening')?.metrics, 'off');
  });

  test('a metrics listener that cannot listen is logged; health is unaffected', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const taken = `127.0.0.1:${(squatter.address() as net.AddressInfo).port}`;
    const serve = await serveOnRig(t, rig, ['--metrics-listen', taken]);
    const failure = await serve.waitForLog('metrics-listener-failed');
    assert.equal(failure.address, taken);
    assert.match(String(failure.message), /EADDRINUSE/);
    await Promise.all([firstResult(serve, 'ready'), firstResult(serve, 'live')]);
    for (const path of ['/readyz', '/readiness', '/livez', '/liveness']) assert.equal((await request(serve.base + path)).status, 200, path);
    assert.equal((await request(`${serve.base}/metrics`)).status, 404, 'metrics were asked for elsewhere');
  });

  test('/metrics on its own listener: last results and serve counters, accepted by promtool', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const serve = await serveOnRig(t, rig, ['--metrics-listen', '127.0.0.1:0']);
    await Promise.all([firstResult(serve, 'ready'), firstResult(serve, 'live')]);
    await request(`${serve.base}/readyz`);
    await request(`${serve.base}/nowhere`);
    const metricsBase = `http://${String(serve.logs.find((l) => l.event === 'listening')?.metrics)}`;
    assert.notEqual(metricsBase, serve.base);
    const page = await request(`${metricsBase}/metrics`);
    assert.equal(page.status, 200);
    assert.match(page.body, /^calico_probe_check_success\{check="bird-ready"\} 1$/m);
    assert.match(page.body, /^calico_probe_check_success\{check="bird-live"\} 1$/m);
    assert.match(page.body, /^calico_probe_bgp_peers\{family="ipv4",state="established"\} 5$/m);
    assert.match(page.body, /^calico_probe_serve_requests_total\{path="\/readyz",code="200"\} 1$/m);
    assert.match(page.body, /^calico_probe_serve_requests_total\{path="other",code="404"\} 1$/m);
    assert.match(page.body, /^calico_probe_serve_check_runs_total\{probe="ready"\} [1-9]\d*$/m);
    assert.match(page.body, /^calico_probe_serve_check_duration_seconds_count\{probe="live"\} [1-9]\d*$/m);
    assert.equal((await request(`${serve.base}/metrics`)).status, 404, 'not on the health listener');
    const promtool = spawnSync('promtool', ['check', 'metrics'], { input: page.body, encoding: 'utf8' });
    if (!need(t, promtool.error && 'promtool is not installed (Debian package prometheus)')) return;
    assert.equal(promtool.status, 0, promtool.stdout + promtool.stderr);
  });
});
