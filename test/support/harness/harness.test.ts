// Integration test of the harness itself: real BIRD 1.6 / BIRD 2 daemons and runit in network
// namespaces. Skips (one line) where the machine cannot run it, except in CI, where it must run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { connectOutcome, harnessAvailability, isEstablished, protocolRows, startHarness, type Harness } from './index.ts';
import { need } from '../needs.ts';

/** PID → start time of every process that refers to `dir` by command line or cwd. */
function processesUnder(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // Kernel threads and vanished processes.
      }
      if (cmdline.includes(dir) || cwd.startsWith(dir)) found.set(Number(entry), startTime(Number(entry)) ?? '');
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function rowPattern(name: string): RegExp {
  return new RegExp(`^(1002-| )${name} +BGP +\\S+ +\\S+ +\\S+ +Established`, 'm');
}

test('integration harness', { timeout: 150_000 }, async (t) => {
  const availability = harnessAvailability();
  if (!need(t, availability.ok ? undefined : availability.reason)) return;
  const t0 = Date.now();
  const h: Harness = await startHarness();
  t.diagnostic(`harness started in ${Date.now() - t0} ms (${h.dir})`);
  // This test needs BIRD 2 (harnessAvailability() above), so the harness started its node.
  const bird2 = h.bird2;
  assert.ok(bird2, 'the BIRD 2 node');
  const socketOf = { bird: h.bird.socket, bird6: h.bird6.socket, bird2: bird2.socket };
  let started = new Map<number, string>();
  try {
    await t.test('every peer is Established on bird, bird6 and bird2', async () => {
      for (const kind of ['bird', 'bird6', 'bird2'] as const) {
        const raw = await h.birdctl(socketOf[kind], 'show protocols');
        assert.match(raw, kind === 'bird2' ? /^0001 BIRD 2\./ : /^0001 BIRD 1\.6/);
        const names = h.peers.filter((p) => p.nodes.includes(kind)).map((p) => p.name);
        assert.deepEqual(names, h.protocolNames[kind]);
        for (const name of names) assert.match(raw, rowPattern(name), `${kind}: ${name}\n${raw}`);
      }
      // BIRD 2 holds both families in one table; both peer implementations serve both families.
      assert.ok(h.protocolNames.bird2.includes('Mesh_10_0_0_2') && h.protocolNames.bird2.includes('Mesh_fd00__2'));
      for (const family of ['ipv4', 'ipv6'] as const) {
        const impls = new Set(h.peers.filter((p) => p.family === family).map((p) => p.impl));
        assert.deepEqual([...impls].sort(), ['bird-1.6', 'bird-2']);
      }
    });

    await t.test('sv status shows run for confd, bird and bird6', () => {
      for (const s of ['confd', 'bird', 'bird6']) {
        const out = execFileSync('sv', ['status', join(h.serviceDir, s)], { encoding: 'utf8' });
        assert.match(out, /^run: /, out);
      }
    });

    await t.test('a stopped peer leaves Established, and returns', async () => {
      const peer = h.peer('Node_10_0_0_4');
      await peer.stop();
      const raw = await h.waitFor(h.bird.socket, (r) => !isEstablished(r, peer.name));
      const row = protocolRows(raw).find((r) => r.name === peer.name);
      assert.equal(row?.state, 'start', raw);
      await peer.start();
      await h.waitEstablished(h.bird.socket, [peer.name]);
    });

    await t.test('SIGKILL leaves a stale socket (ECONNREFUSED), SIGTERM removes it (ENOENT)', async () => {
      await h.killNodeBird('bird', 'SIGKILL');
      assert.equal(await connectOutcome(h.bird.socket), 'ECONNREFUSED');
      await h.killNodeBird('bird6', 'SIGTERM');
      assert.equal(await connectOutcome(h.bird6.socket), 'ENOENT');
      await Promise.all([h.svUp('bird'), h.svUp('bird6')]);
      await Promise.all([h.waitEstablished(h.bird.socket), h.waitEstablished(h.bird6.socket)]);
      await Promise.all([h.waitGrRecoveryOver(h.bird.socket), h.waitGrRecoveryOver(h.bird6.socket)]);
    });

    await t.test('restartNodeBirdWithGr holds a 0024 block until the GR peer returns', async () => {
      await h.restartNodeBirdWithGr('bird');
      assert.match(await h.birdctl(h.bird.socket, 'show status'), /^0024-Graceful restart recovery in progress$/m);
      await h.peer('Node_10_0_0_4').start();
      await h.waitGrRecoveryOver(h.bird.socket);
      await h.waitEstablished(h.bird.socket);
    });

    await t.test('configureNoPeers drops the BGP rows, restoreConfig brings them back', async () => {
      await h.configureNoPeers('bird2');
      const raw = await h.birdctl(bird2.socket, 'show protocols');
      assert.deepEqual(
        protocolRows(raw).filter((r) => r.proto === 'BGP'),
        [],
      );
      await h.restoreConfig('bird2');
    });

    await t.test('svDown / svUp drive the confd service', async () => {
      await h.svDown('confd');
      assert.match(execFileSync('sv', ['status', join(h.serviceDir, 'confd')], { encoding: 'utf8' }), /^down: /);
      await h.svUp('confd');
    });

    started = processesUnder(h.dir);
    // runsvdir, 3 runsv, confd, bird, bird6, node BIRD 2, every peer.
    assert.ok(started.size >= 8 + h.peers.length, `only ${started.size} processes found`);
  } finally {
    await h.stop();
  }

  await t.test('teardown leaves no namespace, process or temp dir', async () => {
    const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
    for (const ns of h.namespaces) assert.ok(!netns.split('\n').some((l) => l.split(' ')[0] === ns), `netns ${ns} left`);
    // Same PID with the same start time = the same process, even as a zombie nobody reaped.
    const left = [...started].filter(([pid, start]) => startTime(pid) === start);
    assert.deepEqual(left, [], 'processes left behind');
    assert.equal(processesUnder(h.dir).size, 0);
    assert.equal(existsSync(h.dir), false);
    await h.stop(); // idempotent
  });
});
