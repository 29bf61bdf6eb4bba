// The Felix host-name lookup: /etc/hosts first, localhost always loopback, `.invalid` never
// asked of DNS. The DNS path, cancelled at the deadline against a DNS server that
// never answers, is tested end to end in test/faults/felix.test.ts.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseHosts, resolveHost } from '../../src/felix/lookup.ts';

const HOSTS = [
  '# comment line',
  '127.0.0.1\tlocalhost',
  '::1     localhost ip6-localhost ip6-loopback',
  '10.0.0.7  Felix.Node1 felix   # the node itself',
  'fd00::7   felix',
  'not-an-ip felix',
  '',
].join('\n');

let dir = '';
let hostsFile = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-lookup-'));
  hostsFile = join(dir, 'hosts');
  await writeFile(hostsFile, HOSTS);
});
after(() => rm(dir, { recursive: true, force: true }));

test('hosts file: every address of a name or alias, in file order, case-insensitive; comments and junk ignored', () => {
  assert.deepEqual(parseHosts(HOSTS, 'felix'), [
    { address: '10.0.0.7', family: 4 },
    { address: 'fd00::7', family: 6 },
  ]);
  assert.deepEqual(parseHosts(HOSTS, 'felix.node1'), [{ address: '10.0.0.7', family: 4 }]);
  assert.deepEqual(parseHosts(HOSTS, 'ip6-localhost'), [{ address: '::1', family: 6 }]);
  assert.deepEqual(parseHosts(HOSTS, 'comment'), []);
  assert.deepEqual(parseHosts('', 'felix'), []);
});

test('resolveHost: the hosts file first; localhost is loopback even without one', async () => {
  const signal = AbortSignal.timeout(2000);
  assert.deepEqual(await resolveHost('FELIX.', signal, hostsFile), parseHosts(HOSTS, 'felix'));
  const none = join(dir, 'no-hosts-file');
  assert.deepEqual(await resolveHost('localhost', signal, none), [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ]);
  assert.deepEqual((await resolveHost('probe.localhost', signal, none)).length, 2);
});

test('an aborted signal stops a lookup that would need DNS', async () => {
  await assert.rejects(resolveHost('felix.example.test', AbortSignal.abort(), join(dir, 'no-hosts-file')), { name: 'AbortError' });
});

test('.invalid names are answered without DNS (RFC 6761)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cp-hosts-'));
  try {
    // An already-aborted signal would reject a DNS query with AbortError: ENOTFOUND proves none was made.
    await assert.rejects(resolveHost('felix.invalid', AbortSignal.abort(), join(dir, 'no-hosts-file')), { code: 'ENOTFOUND' });
    await assert.rejects(resolveHost('INVALID.', AbortSignal.abort(), join(dir, 'no-hosts-file')), { code: 'ENOTFOUND' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
