// `cluster` options: validated before anything is asked; PromQL built from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClusterConfig, selectorOption } from '../../../src/cli/cluster-config.ts';
import { readEnv } from '../../../src/cli/env.ts';
import { staleAfterFromInterval } from '../../../src/commands/cluster/index.ts';
import { clusterQueries, escapeRegex, establishedOf, MAX_ADDRESS_REGEX, observersOf } from '../../../src/commands/cluster/queries.ts';
import { UsageError } from '../../../src/util/usage-error.ts';

const env = readEnv({});

test('URL from --prometheus or $PROMETHEUS_URL; defaults', () => {
  const config = buildClusterConfig({ prometheus: 'http://prom:9090/' }, env, false);
  assert.deepEqual(
    { ...config },
    {
      prometheusUrl: 'http://prom:9090',
      selector: '',
      staleAfterMs: undefined,
      windowMs: 900_000,
      timeoutMs: 10_000,
      output: 'text',
      color: false,
      auth: { kind: 'none' },
    },
  );
  assert.equal(
    buildClusterConfig({}, readEnv({ PROMETHEUS_URL: 'https://example.org/prom' }), false).prometheusUrl,
    'https://example.org/prom',
  );
});

test('bad input is a usage error naming the flag', () => {
  const bad = (options: Record<string, string>, message: RegExp) =>
    assert.throws(
      () => buildClusterConfig({ prometheus: 'http://p:9090', ...options }, env, false),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  assert.throws(() => buildClusterConfig({}, env, false), /needs --prometheus URL \(or \$PROMETHEUS_URL\)/);
  bad({ prometheus: 'prom:9090' }, /invalid Prometheus URL "prom:9090"/);
  bad({ prometheus: 'ftp://p' }, /only http:\/\/ and https:\/\//);
  bad({ prometheus: 'http://u:pw@p:9090' }, /--basic-auth-user/);
  bad({ selector: 'up' }, /--selector/);
  bad({ selector: '{cluster="prod"} or vector(1)' }, /--selector/);
  bad({ staleAfter: '0' }, /--stale-after: must be greater than zero/);
  bad({ window: 'soon' }, /--window/);
  bad({ timeout: '-1s' }, /--timeout/);
  bad({ output: 'prometheus' }, /--output/);
  bad({ bearerTokenFile: '/t', basicAuthUser: 'u' }, /cannot be used with/);
  bad({ basicAuthPasswordFile: '/p' }, /needs --basic-auth-user/);
});

test('selectors: matchers in braces, inner text kept', () => {
  assert.equal(selectorOption('{cluster="prod"}'), 'cluster="prod"');
  assert.equal(selectorOption(' { cluster="prod", region=~"eu-.*" , } '), 'cluster="prod", region=~"eu-.*"');
  assert.equal(selectorOption('{}'), '');
  assert.equal(selectorOption('{name="a\\"b"}'), 'name="a\\"b"');
});

test('queries carry the selector and fetch failing series only', () => {
  const q = clusterQueries('cluster="prod"', 900_000, 45_000);
  assert.equal(q.down, 'calico_probe_bgp_peer_established{cluster="prod"} == 0');
  assert.equal(
    q.stale,
    'last_over_time(calico_probe_node_info{cluster="prod"}[900s]) unless on(instance, job) last_over_time(calico_probe_node_info{cluster="prod"}[45s])',
  );
  assert.match(q.failingChecks, /check=~"felix-ready\|bird-ready\|bird6-ready"\} == 0$/);
  assert.equal(q.flapping, 'increase(calico_probe_bgp_peer_transitions_total{cluster="prod"}[900s]) >= 4');
  assert.equal(establishedOf('', ['10.0.0.1:9097']), 'calico_probe_bgp_peer_established{instance=~"10\\\\.0\\\\.0\\\\.1:9097"} == 1');
  assert.equal(escapeRegex('a"b'), 'a\\"b');
  assert.equal(
    observersOf('', ['10.0.0.2', 'fd00::2'], q.observersOfDown),
    'count by (address) (calico_probe_bgp_peer_established{address=~"10\\\\.0\\\\.0\\\\.2|fd00::2"})',
  );
  const many = Array.from({ length: MAX_ADDRESS_REGEX + 1 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
  assert.equal(observersOf('', many, q.observersOfDown), q.observersOfDown, 'too many for a regex: the set operation');
});

test('--stale-after by default: 3 scrape intervals, estimated; 3m without data', () => {
  assert.equal(staleAfterFromInterval(120), 3000, '1 s scrapes');
  assert.equal(staleAfterFromInterval(8), 45_000, '15 s scrapes');
  assert.equal(staleAfterFromInterval(undefined), 180_000);
  assert.equal(staleAfterFromInterval(Number.NaN), 180_000);
});
