// How the Felix host is reached, from FELIX_HEALTHHOST as calico-node sets it: the IPv6 loopback
// (bracketed in the URL), and a host name whose DNS server never answers (the lookup must end at
// the deadline: getaddrinfo cannot be cancelled and would hold the process long after it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import { httpServer, ipv6Missing, rawServer } from '../support/felix-servers.ts';
import { renderTable, DEFAULT_REPORTERS } from '../support/felix-standin.ts';
import type { CliRun } from '../support/run-cli.ts';
import { assertFault, needsRoot, probe, processesWithEnv, tempDir, TIMEOUT } from './support.ts';
import { need } from '../support/needs.ts';

let temp: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  temp = await tempDir('cp-faults-felix-host-');
});
after(() => temp.remove());

const BOTH = ['check', 'felix-live', 'felix-ready', '--timeout', TIMEOUT];
const BLACKHOLE = new URL('../support/dns-blackhole.ts', import.meta.url).pathname;

async function needsIpv6(t: TestContext): Promise<boolean> {
  return need(t, await ipv6Missing());
}

test('FELIX_HEALTHHOST=::1: a healthy Felix on [::1] is reached', async (t) => {
  if (!(await needsIpv6(t))) return;
  const felix = await httpServer((_req, res) => res.writeHead(200).end(renderTable(DEFAULT_REPORTERS)), '::1');
  t.after(() => felix.close());
  const run = await probe(BOTH, { env: { FELIX_HEALTHHOST: '::1', FELIX_HEALTHPORT: String(felix.port) } });
  assertFault(run, { code: 0, firstLine: 'calico/node is live and ready' });
});

test('FELIX_HEALTHHOST=::1: a silent Felix is named by its bracketed URL', async (t) => {
  if (!(await needsIpv6(t))) return;
  const felix = await rawServer(() => {}, '::1');
  t.after(() => felix.close());
  const run = await probe(BOTH, { env: { FELIX_HEALTHHOST: '::1', FELIX_HEALTHPORT: String(felix.port) } });
  const base = `http://[::1]:${felix.port}`;
  assertFault(run, {
    code: 1,
    firstLine: `calico/node is not ready: Felix is not live: GET ${base}/liveness: no response headers within the deadline; felix is not ready: GET ${base}/readiness: no response headers within the deadline`,
  });
});

test('a DNS server that never answers for FELIX_HEALTHHOST: the lookup is cancelled at the deadline', async (t) => {
  if (!needsRoot(t)) return;
  const resolvConf = join(temp.dir, 'resolv.conf');
  await writeFile(resolvConf, 'nameserver 127.0.0.1\noptions timeout:5 attempts:3\n'); // getaddrinfo would wait 15 s
  const marker = randomUUID();
  // Its own network and mount namespaces: a private /etc/resolv.conf, and port 53 on its own loopback.
  const launcher = spawnSync(
    'unshare',
    ['--net', '--mount', '--propagation', 'private', process.execPath, BLACKHOLE, resolvConf, ...BOTH],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, FELIX_HEALTHHOST: 'felix.calico-probe.test', CALICO_PROBE_FAULT_RUN: marker },
      timeout: 30_000,
    },
  );
  assert.equal(launcher.status, 0, launcher.stderr);
  const detail = 'host name not resolved within the deadline (DNS did not answer)';
  const base = 'http://felix.calico-probe.test:9099';
  assertFault(JSON.parse(launcher.stdout) as CliRun, {
    code: 1,
    firstLine: `calico/node is not ready: Felix is not live: GET ${base}/liveness: ${detail}; felix is not ready: GET ${base}/readiness: ${detail}`,
  });
  assert.deepEqual(processesWithEnv(`CALICO_PROBE_FAULT_RUN=${marker}`), []);
});
