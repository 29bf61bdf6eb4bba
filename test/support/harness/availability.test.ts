// The availability decision on its own, fast and without root: BIRD 2 and BIRD 3 are optional
// (the harness starts without them and runs BIRD 2's peers on BIRD 1.6), and a test that needs
// one skips with where the binary was looked for, or fails under CI=true.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { daemonsMissing, harnessAvailability } from './availability.ts';
import { peerConfig } from './bird-config.ts';
import { locateBinaries, REPO_ROOT } from './paths.ts';
import { NODE2, NODE3, PEERS, peersFor, type NodeKind } from './topology.ts';

const NOWHERE = { BIRD2_BIN: '/nonexistent/calico-probe-test/bird2', BIRD3_BIN: '/nonexistent/calico-probe-test/bird3' };

/** Runs `fn` with these environment variables set, then puts the old values back. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(old)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('BIRD2_BIN and BIRD3_BIN pointing nowhere: both absent, with where they were looked for', () => {
  const { found, missing, absent } = withEnv(NOWHERE, locateBinaries);
  assert.equal(found.bird2, undefined);
  assert.equal(found.bird3, undefined);
  assert.equal(absent.bird2, `no executable at ${NOWHERE.BIRD2_BIN} (BIRD2_BIN)`);
  assert.equal(absent.bird3, `no executable at ${NOWHERE.BIRD3_BIN} (BIRD3_BIN)`);
  assert.ok(!missing.some((m) => /BIRD [23]/.test(m)), `not required: ${missing.join(', ')}`);
});

test('the harness is available or not regardless of BIRD 2 and BIRD 3', () => {
  assert.deepEqual(withEnv(NOWHERE, harnessAvailability), harnessAvailability());
});

test('a test that needs BIRD 2 or BIRD 3 gets one reason naming each and the command', () => {
  withEnv(NOWHERE, () => {
    assert.equal(daemonsMissing('bird', 'bird6'), undefined, 'BIRD 1.6 is never optional');
    assert.equal(
      daemonsMissing('bird2'),
      `needs BIRD 2: no executable at ${NOWHERE.BIRD2_BIN} (BIRD2_BIN); run .ci/install-test-deps as root`,
    );
    assert.equal(
      daemonsMissing('bird', 'bird2', 'bird3'),
      `needs BIRD 2: no executable at ${NOWHERE.BIRD2_BIN} (BIRD2_BIN); needs BIRD 3: no executable at ${NOWHERE.BIRD3_BIN} (BIRD3_BIN); run .ci/install-test-deps as root`,
    );
  });
});

test('an executable at BIRD2_BIN is found; an empty BIRD2_BIN means the default path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-availability-'));
  try {
    const bird2 = join(dir, 'bird');
    writeFileSync(bird2, '#!/bin/sh\n');
    chmodSync(bird2, 0o755);
    withEnv({ ...NOWHERE, BIRD2_BIN: bird2 }, () => {
      assert.equal(locateBinaries().found.bird2, bird2);
      assert.equal(daemonsMissing('bird2'), undefined);
      assert.match(daemonsMissing('bird2', 'bird3') ?? '', /^needs BIRD 3: /);
    });
    withEnv({ BIRD2_BIN: '' }, () => {
      const fallback = join(REPO_ROOT, '.ci/bird2/usr/sbin/bird');
      const { found, absent } = locateBinaries();
      if (found.bird2 === undefined) assert.equal(absent.bird2, `no executable at ${fallback} (BIRD2_BIN unset)`);
      else assert.equal(found.bird2, fallback);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without BIRD 2 its peers run BIRD 1.6: bird and bird6 keep every peer, by name, address and port', () => {
  assert.deepEqual(peersFor(['bird', 'bird6', 'bird2', 'bird3']), PEERS, 'everything there: the topology as written');
  const key = (p: { name: string; address: string; port: number; family: string }) => `${p.name} ${p.address} ${p.port} ${p.family}`;
  const cases: NodeKind[][] = [
    ['bird', 'bird6'],
    ['bird', 'bird6', 'bird3'],
    ['bird', 'bird6', 'bird2'],
  ];
  for (const running of cases) {
    const peers = peersFor(running);
    for (const kind of ['bird', 'bird6'] as const) {
      assert.deepEqual(
        peers.filter((p) => p.nodes.includes(kind)).map(key),
        PEERS.filter((p) => p.nodes.includes(kind)).map(key),
        `${kind} with ${running.join(', ')}`,
      );
    }
    assert.ok(
      peers.every((p) => p.nodes.every((k) => running.includes(k))),
      'no peer is given a node that does not run',
    );
    const impls = new Set(peers.map((p) => p.impl));
    assert.deepEqual([...impls].sort(), running.includes('bird2') ? ['bird-1.6', 'bird-2'] : ['bird-1.6']);
  }
  // A peer's own config only names the node daemons that run, so its own sessions all come up.
  for (const peer of peersFor(['bird', 'bird6'])) {
    const config = peerConfig(peer);
    for (const absent of [NODE2.v4, NODE2.v6, NODE3.v4, NODE3.v6])
      assert.ok(!config.includes(`neighbor ${absent} `), `${peer.name}: ${absent}`);
    assert.doesNotMatch(config, /ipv[46] \{/, `${peer.name}: BIRD 1.6 syntax, no BIRD 2 channels`);
  }
});

test('a test needing a missing BIRD 2 skips with the reason, and fails under CI=true', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-availability-'));
  try {
    const file = join(dir, 'needs-bird2.test.mjs');
    const needs = new URL('../needs.ts', import.meta.url).href;
    const availability = new URL('./availability.ts', import.meta.url).href;
    writeFileSync(
      file,
      `import { test } from 'node:test';\nimport { need } from '${needs}';\nimport { daemonsMissing } from '${availability}';\n` +
        "test('bird2 test', (t) => { if (!need(t, daemonsMissing('bird2'))) return; throw new Error('ran without BIRD 2'); });\n",
    );
    // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead.
    const { NODE_TEST_CONTEXT: _, CI: __, ...env } = process.env;
    const run = (ci: Record<string, string>) =>
      spawnSync(process.execPath, ['--test', '--test-reporter', 'tap', file], { encoding: 'utf8', env: { ...env, ...NOWHERE, ...ci } });
    const local = run({});
    assert.equal(local.status, 0, local.stdout + local.stderr);
    assert.match(
      local.stdout,
      /# SKIP needs BIRD 2: no executable at \/nonexistent\/calico-probe-test\/bird2 \(BIRD2_BIN\); run \.ci\/install-test-deps as root/,
    );
    const ci = run({ CI: 'true' });
    assert.equal(ci.status, 1, ci.stdout + ci.stderr);
    assert.match(ci.stdout, /missing in CI \(a skip there would hide it\): needs BIRD 2: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
