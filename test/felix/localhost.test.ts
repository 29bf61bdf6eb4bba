// `localhost` (calico-node's default FELIX_HEALTHHOST) is the loopback interface (RFC 6761):
// the client connects to 127.0.0.1, then ::1, without Node's resolver.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { getFelix } from '../../src/felix/http.ts';
import { httpServer, ipv6Available } from './servers.ts';

test('localhost reaches a Felix on 127.0.0.1', async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(200).end('ok'));
  t.after(() => server.close());
  const response = await getFelix(`http://localhost:${server.port}/readiness`, { signal: AbortSignal.timeout(2000) });
  assert.deepEqual([response.status, response.body, response.url], [200, 'ok', `http://localhost:${server.port}/readiness`]);
});

test('localhost reaches a Felix listening on ::1 only, after 127.0.0.1 refuses', async (t) => {
  if (!(await ipv6Available())) return t.skip('no IPv6 loopback here');
  const server = await httpServer((_req, res) => res.writeHead(200).end('six'), '::1');
  t.after(() => server.close());
  const response = await getFelix(`http://LOCALHOST:${server.port}/liveness`, { signal: AbortSignal.timeout(2000) });
  assert.deepEqual([response.status, response.body], [200, 'six']);
});

test('no resolver on the way: the dns module is never loaded', async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(200).end('ok'));
  t.after(() => server.close());
  const http = fileURLToPath(new URL('../../src/felix/http.ts', import.meta.url));
  const script = `
    const { getFelix } = await import(${JSON.stringify(http)});
    const response = await getFelix('http://localhost:${server.port}/readiness', { signal: AbortSignal.timeout(5000) });
    process.stdout.write(JSON.stringify([response.status, process.moduleLoadList.filter((m) => m.endsWith(' dns'))]));`;
  // Spawned asynchronously: the server answers from this process's event loop.
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  assert.deepEqual(JSON.parse(out), [200, []]);
});
