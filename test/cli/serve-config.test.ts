// serve's command line: addresses, intervals, the two probes' configs, usage errors, help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnv } from '../../src/cli/env.ts';
import { UsageError } from '../../src/util/usage-error.ts';
import { makeProgram, type Invocation } from '../../src/cli/program.ts';
import { buildServeConfig, parseListen } from '../../src/cli/serve-config.ts';
import { formatAddress } from '../../src/commands/serve/config.ts';

test('listen addresses: IPv4, bracketed IPv6, host names, every interface, port 0', () => {
  assert.deepEqual(parseListen('127.0.0.1:9098', '--listen'), { host: '127.0.0.1', port: 9098 });
  assert.deepEqual(parseListen('[::1]:9098', '--listen'), { host: '::1', port: 9098 });
  assert.deepEqual(parseListen('localhost:1', '--listen'), { host: 'localhost', port: 1 });
  assert.deepEqual(parseListen(':9098', '--listen'), { host: undefined, port: 9098 });
  assert.deepEqual(parseListen('0.0.0.0:0', '--listen'), { host: '0.0.0.0', port: 0 });
  for (const [text, why] of [
    ['9098', /expected host:port/],
    ['::1:9098', /expected host:port/],
    ['[10.0.0.1]:80', /not an IPv6 address/],
    ['127.0.0.1:65536', /from 0 to 65535/],
    ['bad_host:80', /not an address or host name/],
    ['127.0.0.1:', /expected host:port/],
  ] as const) {
    assert.throws(
      () => parseListen(text, '--listen'),
      (e: unknown) => e instanceof UsageError && why.test(e.message) && e.message.includes(`"${text}" for --listen`),
      text,
    );
  }
  assert.equal(formatAddress('::1', 80), '[::1]:80');
  assert.equal(formatAddress(undefined, 80), '*:80');
});

test('defaults: loopback 9098, metrics beside health, 1 s minimum interval, the live and ready probes', () => {
  const config = buildServeConfig({}, readEnv({}));
  assert.deepEqual(config.listen, { host: '127.0.0.1', port: 9098 });
  assert.deepEqual([config.metrics, config.metricsListen, config.minIntervalMs], [true, undefined, 1000]);
  assert.deepEqual(config.live.checks, ['felix-live', 'bird-live']);
  assert.deepEqual(config.ready.checks, ['felix-ready', 'bird-ready']);
  assert.equal(config.ready.timeoutMs, 4000);
  assert.ok(!('output' in config.ready) && !('color' in config.ready), 'no output options: serve renders its answers itself');
});

test('probe options reach both probes; IP/IP6 choose the families as for the CLI', () => {
  const config = buildServeConfig({ birdSocket: 'a.ctl', timeout: '2s', thresholdTime: '1m', family: 'dual' }, readEnv({}));
  for (const probe of [config.live, config.ready])
    assert.deepEqual([probe.birdSocket, probe.timeoutMs, probe.thresholdMs], ['a.ctl', 2000, 60_000]);
  assert.deepEqual(config.ready.checks, ['felix-ready', 'bird-ready', 'bird6-ready']);
  assert.deepEqual(buildServeConfig({}, readEnv({ IP: 'none', IP6: 'autodetect' })).live.checks, ['felix-live', 'bird6-live']);
});

test('usage errors name the flag and the value', () => {
  assert.throws(() => buildServeConfig({ minInterval: 'soon' }, readEnv({})), /invalid value "soon" for --min-interval/);
  assert.throws(() => buildServeConfig({ metrics: false, metricsListen: ':9097' }, readEnv({})), /cannot be used with --no-metrics/);
  assert.throws(() => buildServeConfig({ listen: ':9098', metricsListen: ':9098' }, readEnv({})), /is the --listen address/);
  assert.throws(() => buildServeConfig({}, readEnv({ FELIX_HEALTHPORT: 'x' })), /invalid FELIX_HEALTHPORT/);
  assert.equal(buildServeConfig({ minInterval: '0' }, readEnv({})).minIntervalMs, 0);
});

async function parse(argv: string[]) {
  let invocation: Invocation | undefined;
  let out = '';
  const program = makeProgram({
    env: readEnv({}),
    stdoutIsTTY: false,
    writeOut: (t) => {
      out += t;
    },
    writeErr: () => {},
    invoke: (inv) => {
      invocation = inv;
    },
  });
  const error = await program.parseAsync(argv, { from: 'user' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { invocation, out, error };
}

test('the serve command hands a ServeConfig to main', async () => {
  const { invocation } = await parse([
    'serve',
    '--listen',
    '[::1]:19098',
    '--metrics-listen',
    ':19097',
    '--min-interval',
    '250ms',
    '--bird-socket',
    'b.ctl',
  ]);
  assert.equal(invocation?.kind, 'serve');
  if (invocation?.kind !== 'serve') return;
  assert.deepEqual(
    [invocation.config.listen, invocation.config.metricsListen, invocation.config.minIntervalMs],
    [{ host: '::1', port: 19098 }, { host: undefined, port: 19097 }, 250],
  );
  assert.equal(invocation.config.ready.birdSocket, 'b.ctl');
  const off = await parse(['serve', '--no-metrics']);
  assert.equal(off.invocation?.kind === 'serve' && off.invocation.config.metrics, false);
  const on = await parse(['serve', '--metrics']);
  assert.equal(on.invocation?.kind === 'serve' && on.invocation.config.metrics, true);
});

test('serve --help lists its endpoints, its options and no output options', async () => {
  const { out } = await parse(['serve', '--help']);
  for (const text of [
    '/livez',
    '/readyz',
    '/liveness',
    '/readiness',
    '/metrics',
    '--listen',
    '--metrics ',
    '--no-metrics',
    '--metrics-listen',
    '--min-interval',
    '--timeout',
    '--bird-socket',
    'SIGTERM',
  ]) {
    assert.ok(out.includes(text), text);
  }
  assert.ok(!out.includes('--output') && !out.includes('--textfile'));
});
