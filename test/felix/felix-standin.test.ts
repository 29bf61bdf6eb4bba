// The stand-in must behave as Felix's health server does (libcalico-go/lib/health), or the
// checks tested against it prove nothing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import test from 'node:test';
import { getFelix } from '../../src/felix/http.ts';
import { parseReporters } from '../../src/felix/reporters.ts';
import { DEFAULT_REPORTERS, renderTable, startFelixStandin } from '../support/felix-standin.ts';
import { ipv6Missing } from '../support/felix-servers.ts';
import { need } from '../support/needs.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/felix/${name}.txt`, import.meta.url), 'utf8');

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function request(url: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('healthy: 200 on both paths, the same table, text/plain', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  const live = await request(`${felix.url}/liveness`);
  const ready = await request(`${felix.url}/readiness`);
  assert.deepEqual([live.status, ready.status], [200, 200]);
  assert.equal(live.body, ready.body);
  assert.equal(live.body, fixture('bordered-healthy'));
  assert.equal(live.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(felix.requests, 2);
});

test('not ready: /readiness 503, /liveness 200, identical bodies', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  felix.setReporters(DEFAULT_REPORTERS.map((r) => (r.name === 'InternalDataplaneMainLoop' ? { ...r, ready: false } : r)));
  const live = await request(`${felix.url}/liveness`);
  const ready = await request(`${felix.url}/readiness`);
  assert.deepEqual([live.status, ready.status], [200, 503]);
  assert.equal(live.body, ready.body);
  assert.equal(parseReporters(ready.body)?.find((r) => !r.ready)?.readiness, 'reporting non-ready');
});

test('timed out fails both; `-` fails neither', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: 'timed out', ready: 'timed out' }]);
  assert.equal((await request(`${felix.url}/liveness`)).status, 503);
  assert.equal((await request(`${felix.url}/readiness`)).status, 503);
  felix.setReporters([{ name: 'FelixStartup', live: '-', ready: true }]);
  assert.equal((await request(`${felix.url}/liveness`)).status, 200);
});

test("routes are exact: trailing slash and other paths are Go's 404", async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  for (const path of ['/readiness/', '/liveness/', '/', '/health', '/readinessx', '/metrics']) {
    const answer = await request(`${felix.url}${path}`);
    assert.equal(answer.status, 404, path);
    assert.equal(answer.body, '404 page not found\n');
  }
});

test('any method behaves like GET; the query string is ignored', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  const get = await request(`${felix.url}/readiness`);
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const answer = await request(`${felix.url}/readiness`, method);
    assert.deepEqual([answer.status, answer.body], [get.status, get.body], method);
  }
  const head = await request(`${felix.url}/readiness`, 'HEAD');
  assert.deepEqual([head.status, head.body], [200, '']);
  const query = await request(`${felix.url}/readiness?verbose=true&x=/y`);
  assert.deepEqual([query.status, query.body], [get.status, get.body]);
});

test('an unclean path is redirected (Go ServeMux), and getFelix does not follow', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  const response = await getFelix(`${felix.url}//readiness?a=1`, { signal: AbortSignal.timeout(2000) });
  assert.equal(response.status, 301);
  assert.equal(response.location, '/readiness?a=1');
  assert.equal(felix.requests, 1);
});

test('layouts: plain has left-aligned headers, same reporters', async (t) => {
  const felix = await startFelixStandin({ layout: 'plain' });
  t.after(() => felix.close());
  const plain = await request(`${felix.url}/readiness`);
  assert.equal(plain.body, fixture('plain-healthy'));
  assert.deepEqual(parseReporters(plain.body), parseReporters(fixture('bordered-healthy')));
});

test('renderTable reproduces the override/wrapped-detail fixtures byte for byte', () => {
  const reporters = [
    { name: 'InternalDataplaneMainLoop', timeout: '1m30s (override)', live: false, ready: 'timed out' as const },
    { name: 'FelixStartup', live: '-' as const, ready: true },
    { name: 'CalculationGraph', timeout: '30s', live: true, ready: true },
    {
      name: 'BPFEndpointManager',
      timeout: '10s (override)',
      live: '-' as const,
      ready: false,
      detail: 'Waiting for BPF programs to be attached to 3 interfaces',
    },
  ];
  assert.equal(renderTable(reporters, 'bordered'), fixture('bordered-override-detail'));
  assert.equal(renderTable(reporters, 'plain'), fixture('plain-override-detail'));
});

test('listens on ::1 with a bracketed URL', async (t) => {
  if (!need(t, await ipv6Missing())) return;
  const felix = await startFelixStandin({ host: '::1' });
  t.after(() => felix.close());
  assert.equal(felix.url, `http://[::1]:${felix.port}`);
  assert.equal((await getFelix(`${felix.url}/liveness`, { signal: AbortSignal.timeout(2000) })).status, 200);
});

test('runs as a script: --port, --not-ready; SIGTERM stops it', async () => {
  const script = new URL('../support/felix-standin.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, '--port', '0', '--not-ready', 'InternalDataplaneMainLoop'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const url = /(http:\/\/\S+)/.exec(line)?.[1];
    assert.ok(url, line);
    const ready = await getFelix(`${url}/readiness`, { signal: AbortSignal.timeout(2000) });
    const live = await getFelix(`${url}/liveness`, { signal: AbortSignal.timeout(2000) });
    assert.deepEqual([ready.status, live.status], [503, 200]);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
