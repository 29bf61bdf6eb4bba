// `localhost` (calico-node's default FELIX_HEALTHHOST): its addresses come from /etc/hosts (or
// loopback, RFC 6761) and are connected to one after the other, without node:net's lookup path.
// The /etc/hosts case needs root (a mount namespace): localhost-hosts.system.test.ts.
import assert from 'node:assert/strict';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { getFelix } from '../../src/felix/http.ts';
import { inChild } from '../support/in-child.ts';
import { httpServer } from '../support/felix-servers.ts';

const HTTP = fileURLToPath(new URL('../../src/felix/http.ts', import.meta.url));

test('localhost reaches a Felix on 127.0.0.1', async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(200).end('ok'));
  t.after(() => server.close());
  const response = await getFelix(`http://localhost:${server.port}/readiness`, { signal: AbortSignal.timeout(2000) });
  assert.deepEqual([response.status, response.body, response.url], [200, 'ok', `http://localhost:${server.port}/readiness`]);
});

test('no resolver on the way: the dns module is never loaded', async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(200).end('ok'));
  t.after(() => server.close());
  const script = `
    const { getFelix } = await import(${JSON.stringify(HTTP)});
    const response = await getFelix('http://localhost:${server.port}/readiness', { signal: AbortSignal.timeout(5000) });
    process.stdout.write(JSON.stringify([response.status, process.moduleLoadList.filter((m) => m.endsWith(' dns'))]));`;
  const run = await inChild(process.execPath, ['--input-type=module', '-e', script]);
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(JSON.parse(run.out), [200, []]);
});
