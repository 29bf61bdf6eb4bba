// `localhost` resolved from a private /etc/hosts listing 127.0.0.1 before ::1: a refusal on the
// first address is followed by the next. Needs root (a mount namespace), so it is a system test.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { httpServer, ipv6Missing } from '../support/felix-servers.ts';
import { inChild } from '../support/in-child.ts';
import { need, rootMissing } from '../support/needs.ts';

const HTTP = fileURLToPath(new URL('../../src/felix/http.ts', import.meta.url));

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
  const run = await inChild('unshare', [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount --bind "$1" /etc/hosts && exec "$2" --input-type=module -e "$3"',
    'jail',
    hosts,
    process.execPath,
    script,
  ]);
  assert.equal(run.code, 0, run.err);
  assert.deepEqual(JSON.parse(run.out), [200, 'six']);
});
