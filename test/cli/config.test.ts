import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig, felixUrl, resolveFamilies, selectChecks } from '../../src/cli/config.ts';
import { readEnv } from '../../src/cli/env.ts';
import { UsageError } from '../../src/util/usage-error.ts';

const env = (vars: Record<string, string> = {}) => readEnv(vars);

test('defaults match README, Options, and the man page', () => {
  const config = buildConfig({ command: 'ready' }, {}, env(), false);
  assert.deepEqual(config.checks, ['felix-ready', 'bird-ready']);
  assert.equal(config.felixUrl, 'http://localhost:9099');
  assert.equal(config.birdSocket, '/var/run/calico/bird.ctl');
  assert.equal(config.bird6Socket, '/var/run/calico/bird6.ctl');
  assert.equal(config.serviceDir, '/etc/service/enabled');
  assert.equal(config.nodenameFile, '/var/lib/calico/nodename');
  assert.equal(config.thresholdMs, 30_000);
  assert.equal(config.timeoutMs, 4000);
  assert.equal(config.output, 'text');
  assert.equal(config.color, false);
});

test('CALICO_NODENAME_FILE is honoured, and --nodename-file wins over it', () => {
  assert.equal(buildConfig({ command: 'ready' }, {}, env({ CALICO_NODENAME_FILE: '/x/name' }), false).nodenameFile, '/x/name');
  assert.equal(buildConfig({ command: 'ready' }, { nodenameFile: '/y' }, env({ CALICO_NODENAME_FILE: '/x' }), false).nodenameFile, '/y');
});

test('--family auto follows IP and IP6', () => {
  assert.deepEqual(resolveFamilies('auto', {}), ['ipv4']);
  assert.deepEqual(resolveFamilies('auto', { ip: 'autodetect', ip6: 'autodetect' }), ['ipv4', 'ipv6']);
  assert.deepEqual(resolveFamilies('auto', { ip: 'none', ip6: 'autodetect' }), ['ipv6']);
  assert.deepEqual(resolveFamilies('auto', { ip: ' NONE ', ip6: 'fd00::1' }), ['ipv6']);
  assert.deepEqual(resolveFamilies('auto', { ip: '', ip6: 'none' }), []);
  assert.deepEqual(resolveFamilies('auto', { ip: '10.0.0.1' }), ['ipv4']);
  assert.deepEqual(resolveFamilies('auto', { ip6: 'autodetect' }), ['ipv6']);
  assert.deepEqual(resolveFamilies('dual', {}), ['ipv4', 'ipv6']);
});

test('live and ready expand per family, in stable order', () => {
  assert.deepEqual(selectChecks({ command: 'live' }, 'dual', env()), ['felix-live', 'bird-live', 'bird6-live']);
  assert.deepEqual(selectChecks({ command: 'ready' }, 'ipv6', env()), ['felix-ready', 'bird6-ready']);
  assert.deepEqual(selectChecks({ command: 'ready' }, 'auto', env({ IP: 'none', IP6: 'none' })), ['felix-ready']);
  assert.deepEqual(selectChecks({ command: 'check', names: ['bird6-ready', 'felix-live', 'bird6-ready'] }, 'auto', env()), [
    'felix-live',
    'bird6-ready',
  ]);
});

test('unknown check names and empty check lists are usage errors', () => {
  assert.throws(
    () => selectChecks({ command: 'check', names: ['bird-alive'] }, 'auto', env()),
    /unknown check "bird-alive" \(did you mean "bird-live"\?\): expected one of felix-live/,
  );
  assert.throws(() => selectChecks({ command: 'check', names: [] }, 'auto', env()), UsageError);
});

test('Felix URL from FELIX_HEALTHHOST/PORT, IPv6 bracketed', () => {
  assert.equal(felixUrl(undefined, { felixHealthHost: '::1', felixHealthPort: '9099' }), 'http://[::1]:9099');
  assert.equal(felixUrl(undefined, { felixHealthHost: '10.1.2.3', felixHealthPort: '19099' }), 'http://10.1.2.3:19099');
  assert.equal(felixUrl('http://127.0.0.1:9099/', {}), 'http://127.0.0.1:9099');
});

test('a bad FELIX_HEALTHPORT is a usage error only when a Felix check runs', () => {
  for (const port of ['abc', '70000', '0', '-1', '9099x']) {
    assert.throws(
      () => buildConfig({ command: 'ready' }, {}, env({ FELIX_HEALTHPORT: port }), false),
      (e: unknown) => e instanceof UsageError && e.message.includes(`FELIX_HEALTHPORT "${port}"`),
    );
  }
  const birdOnly = buildConfig({ command: 'check', names: ['bird-ready'] }, {}, env({ FELIX_HEALTHPORT: 'abc' }), false);
  assert.deepEqual(birdOnly.checks, ['bird-ready']);
});

test('bad URLs, durations and conflicting flags are usage errors naming the flag', () => {
  const ready = { command: 'ready' } as const;
  assert.throws(() => buildConfig(ready, { felixUrl: 'not a url' }, env(), false), /--felix-url "not a url": not a valid URL/);
  assert.throws(() => buildConfig(ready, { felixUrl: 'https://x:9099' }, env(), false), /only http:\/\/ is supported/);
  assert.throws(() => buildConfig(ready, { timeout: '4 seconds' }, env(), false), /invalid value "4 seconds" for --timeout/);
  assert.throws(() => buildConfig(ready, { timeout: '0s' }, env(), false), /--timeout: must be greater than zero/);
  assert.throws(() => buildConfig(ready, { thresholdTime: 'soon' }, env(), false), /for --threshold-time/);
  assert.throws(() => buildConfig(ready, { quiet: true, verbose: true }, env(), false), /--quiet and --verbose/);
  assert.throws(() => buildConfig(ready, { family: 'ipv5' }, env(), false), /--family: expected one of/);
});

test('colour: TTY only, never with NO_COLOR, TERM=dumb or --no-color; FORCE_COLOR forces it', () => {
  const color = (opts: { color?: boolean }, vars: Record<string, string>, tty: boolean) =>
    buildConfig({ command: 'live' }, opts, env(vars), tty).color;
  assert.equal(color({}, {}, true), true);
  assert.equal(color({}, {}, false), false);
  assert.equal(color({}, { NO_COLOR: '1' }, true), false);
  assert.equal(color({}, { TERM: 'dumb' }, true), false);
  assert.equal(color({ color: false }, {}, true), false);
  assert.equal(color({}, { FORCE_COLOR: '1' }, false), true);
});

test('the lifecycle context: marker, node name and where the Node is read from, as Kubernetes tools find it', () => {
  const ready = (options: Record<string, string>, vars: Record<string, string> = {}) =>
    buildConfig({ command: 'ready' }, options, env(vars), false);
  assert.equal(ready({}).shutdownFile, '/var/lib/calico/shutdownTS');
  assert.equal(ready({}, { CALICO_SHUTDOWN_TIMESTAMP_FILE: '/x/ts' }).shutdownFile, '/x/ts');
  assert.equal(ready({ shutdownFile: '/y/ts' }, { CALICO_SHUTDOWN_TIMESTAMP_FILE: '/x/ts' }).shutdownFile, '/y/ts');
  assert.equal(ready({}).confdConfigDir, '/etc/calico/confd/config');
  assert.equal(ready({}).nodeName, '', 'empty: the nodename file is read when needed');
  assert.equal(ready({}, { NODENAME: 'n1' }).nodeName, 'n1');
  assert.equal(ready({ nodeName: 'n2' }, { NODENAME: 'n1' }).nodeName, 'n2');
  const pod = { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' };
  assert.equal(ready({}).kube, undefined, 'neither: the Node is not read');
  assert.deepEqual(ready({}, pod).kube, {
    kind: 'in-cluster',
    host: '10.96.0.1',
    port: '443',
    serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
  });
  assert.deepEqual(ready({}, { KUBECONFIG: ':/a/config:/b/config' }).kube, { kind: 'kubeconfig', path: '/a/config' });
  assert.deepEqual(
    ready({}, { ...pod, KUBECONFIG: '/a/config' }).kube?.kind,
    'in-cluster',
    'in a pod the service account wins over $KUBECONFIG',
  );
  assert.deepEqual(ready({ kubeconfig: '/c' }, pod).kube, { kind: 'kubeconfig', path: '/c' }, '--kubeconfig wins');
  assert.throws(() => ready({ kubeconfig: '' }), /invalid value "" for --kubeconfig/);
});
