// Integration test of the harness itself: real BIRD 1.6 / 2 / 3 daemons and runit in network
// namespaces. Skips (one line) where the machine cannot run it, except in CI, where it must run.
// Without BIRD 2 or BIRD 3 it still runs: it checks what the harness starts instead, and only the
// parts about the missing daemon skip (fail under CI).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { connectOutcome, daemonsMissing, harnessAvailability, isEstablished, protocolRows, startHarness, type Harness } from './index.ts';
import { locateBinaries } from './paths.ts';
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
  let started = new Map<number, string>();
  try {
    /** Every peer row of that node daemon Established, and the daemon the generation it should be. */
    async function allEstablished(kind: 'bird' | 'bird6' | 'bird2' | 'bird3', banner: RegExp): Promise<void> {
      const raw = await h.birdctl(h.daemon(kind).socket, 'show protocols');
      assert.match(raw, banner);
      const names = h.peers.filter((p) => p.nodes.includes(kind)).map((p) => p.name);
      assert.deepEqual(names, h.protocolNames[kind]);
      for (const name of names) assert.match(raw, rowPattern(name), `${kind}: ${name}\n${raw}`);
    }

    await t.test('node daemons: bird and bird6 always, bird2 and bird3 exactly when their binaries are there', async () => {
      const { found } = locateBinaries();
      assert.deepEqual(h.daemons, ['bird', 'bird6', ...(['bird2', 'bird3'] as const).filter((k) => found[k] !== undefined)]);
      assert.equal(h.bird2 === undefined, found.bird2 === undefined);
      assert.equal(h.bird3 === undefined, found.bird3 === undefined);
      for (const kind of ['bird2', 'bird3'] as const) {
        if (h[kind] === undefined) assert.throws(() => h.daemon(kind), new RegExp(`runs no node ${kind} \\(needs BIRD`));
      }
    });

    await t.test('every peer is Established on bird and bird6, each peer on BIRD 2 only where the harness has it', async () => {
      await allEstablished('bird', /^0001 BIRD 1\.6/);
      await allEstablished('bird6', /^0001 BIRD 1\.6/);
      // Without BIRD 2, its peers run BIRD 1.6 under the same names and addresses.
      const impls = new Set(h.peers.map((p) => p.impl));
      assert.deepEqual([...impls].sort(), h.bird2 === undefined ? ['bird-1.6'] : ['bird-1.6', 'bird-2']);
      for (const peer of h.peers) {
        const banner = (await h.birdctl(peer.socket, 'show status')).split('\n')[0];
        assert.match(banner ?? '', peer.impl === 'bird-2' ? /^0001 BIRD 2\./ : /^0001 BIRD 1\.6/, peer.name);
      }
    });

    await t.test('every peer is Established on the BIRD 2 node, both families in its one table', async (st) => {
      if (!need(st, daemonsMissing('bird2'))) return;
      await allEstablished('bird2', /^0001 BIRD 2\./);
      assert.ok(h.protocolNames.bird2?.includes('Mesh_10_0_0_2') && h.protocolNames.bird2.includes('Mesh_fd00__2'));
      // Both peer implementations serve both families.
      for (const family of ['ipv4', 'ipv6'] as const) {
        const impls = new Set(h.peers.filter((p) => p.family === family).map((p) => p.impl));
        assert.deepEqual([...impls].sort(), ['bird-1.6', 'bird-2']);
      }
    });

    await t.test('every peer is Established on the BIRD 3 node', async (st) => {
      if (!need(st, daemonsMissing('bird3'))) return;
      await allEstablished('bird3', /^0001 BIRD 3\./);
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

    await t.test('configureNoPeers drops the BGP rows, restoreConfig brings them back', async (st) => {
      if (!need(st, daemonsMissing('bird2'))) return;
      await h.configureNoPeers('bird2');
      const raw = await h.birdctl(h.daemon('bird2').socket, 'show protocols');
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
    // runsvdir, 3 runsv, confd, bird, bird6, node BIRD 2 and 3 when they run, every peer.
    assert.ok(started.size >= 7 + (h.daemons.length - 2) + h.peers.length, `only ${started.size} processes found`);
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
