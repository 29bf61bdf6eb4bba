// `localhost` (calico-node's default FELIX_HEALTHHOST): its addresses come from /etc/hosts (or
// loopback, RFC 6761) and are connected to one after the other, without node:net's lookup path.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { getFelix } from '../../src/felix/http.ts';
import { httpServer, ipv6Missing } from '../support/felix-servers.ts';
import { need, rootMissing } from '../support/needs.ts';

const HTTP = fileURLToPath(new URL('../../src/felix/http.ts', import.meta.url));

/** Spawned asynchronously: the servers answer from this process's event loop. */
function inChild(command: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

test('localhost reaches a Felix on 127.0.0.1', async (t) => {
  const server = await httpServer((_req, res) => res.writeHead(200).end('ok'));
  t.after(() => server.close());
  const response = await getFelix(`http://localhost:${server.port}/readiness`, { signal: AbortSignal.timeout(2000) });
  assert.deepEqual([response.status, response.body, response.url], [200, 'ok', `http://localhost:${server.port}/readiness`]);
});

test('an address that refuses is followed by the next: localhost as 127.0.0.1, then ::1', async (t) => {
  // The addresses come from /etc/hosts: this one gets a private copy, in a mount namespace.
  if (!need(t, rootMissing('a private /etc/hosts in a mount namespace') ?? (await ipv6Missing()))) return;
  const server = await httpServer((_req, res) => res.writeHead(200).end('six'), '::1');
  const dir = mkdtempSync(join(tmpdir(), 'cp-localhost-'));
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const hosts = join(dir, 'hosts');
  writeFileSync(hosts, '127.0.0.1 localhost\n::1 localhost\n');
  const script = `
    const { getFelix } = await import(${JSON.stringify(HTTP)});
    const r = await getFelix('http://LOCALHOST:${server.port}/liveness', { signal: AbortSignal.timeout(5000) });
    process.stdout.write(JSON.stringify([r.status, r.body]));`;
  const run = await inChild('unshare', ['--mount', '--propagation', 'private', 'sh', '-c',
    'mount --bind "$1" /etc/hosts && exec "$2" --input-type=module -e "$3"', 'jail', hosts, process.execPath, script]);
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(JSON.parse(run.out), [200, 'six']);
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
