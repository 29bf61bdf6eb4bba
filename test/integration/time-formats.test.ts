// Every `timeformat protocol` on every generation, against real daemons: BIRD 1.6 (bird, bird6),
// BIRD 2 and BIRD 3, each reconfigured with one format at a time. Verdicts, peers and JSON must be
// those of the default format; only the since column may differ. Also here: every session opens
// with `restrict`, nothing but `restrict` and `show …` is ever sent, and a socket BIRD itself made
// read-only (`cli "…" { restrict; }`) is probed like any other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startBirdProxy } from '../support/bird-proxy.ts';
import { TIME_FORMATS, type TimeFormat } from '../support/harness/bird-config.ts';
import type { NodeKind } from '../support/harness/index.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';
import { WINDOW_CLOSED } from '../support/scenarios.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

const NO_BIRD6 = '/nonexistent/bird6.ctl';

/** How each generation is probed: the check and the sockets, as calico-node would point at them. */
const oneSocket = (socket: string) => ['--bird-socket', socket, '--bird6-socket', NO_BIRD6];
const GENERATIONS: { kind: NodeKind; label: string; args(rig: Rig): string[]; peers(rig: Rig): string[] }[] = [
  {
    kind: 'bird',
    label: 'BIRD 1.6 bird',
    args: (r) => ['check', 'bird-ready', ...r.args],
    peers: (r) => ['--family', 'ipv4', '--bird-socket', r.harness.bird.socket],
  },
  {
    kind: 'bird6',
    label: 'BIRD 1.6 bird6',
    args: (r) => ['check', 'bird6-ready', ...r.args],
    peers: (r) => ['--family', 'ipv6', '--bird6-socket', r.harness.bird6.socket],
  },
  {
    kind: 'bird2',
    label: 'BIRD 2',
    args: (r) => ['check', 'bird-ready', 'bird6-ready', ...r.args, ...oneSocket(r.harness.daemon('bird2').socket)],
    peers: (r) => ['--family', 'dual', ...oneSocket(r.harness.daemon('bird2').socket)],
  },
  {
    kind: 'bird3',
    label: 'BIRD 3',
    args: (r) => ['check', 'bird-ready', 'bird6-ready', ...r.args, ...oneSocket(r.harness.daemon('bird3').socket)],
    peers: (r) => ['--family', 'dual', ...oneSocket(r.harness.daemon('bird3').socket)],
  },
];

const SINCE: Record<TimeFormat, RegExp> = {
  default: /^\d\d:\d\d:\d\d(\.\d{3})?$/,
  F: /^\d{4}-\d\d-\d\d$/,
  T: /^\d\d:\d\d:\d\d$/,
  'iso-long': /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
  unix: /^\d{9,}$/,
  custom: /^\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d$/,
};

type Json = Record<string, unknown>;

/** What must not depend on the time format: every field but since, durations and clock readings. */
function comparable(doc: Json): Json {
  return JSON.parse(
    JSON.stringify(doc, (key, value) =>
      ['since', 'durationMs', 'nodenameAgeSeconds', 'layers', 'version'].includes(key) ? undefined : value,
    ),
  ) as Json;
}

function sinces(doc: unknown): string[] {
  const found: string[] = [];
  JSON.stringify(doc, (key, value) => {
    if (key === 'since' && typeof value === 'string') found.push(value);
    return value;
  });
  return found;
}

async function probeJson(rig: Rig, args: string[], peersArgs: string[]): Promise<{ check: Json; peers: Json }> {
  await rig.harness.setNodenameAge(WINDOW_CLOSED);
  const check = await runCli([...args, '-o', 'json']);
  assert.equal(check.code, 0, check.stdout);
  const peers = await runCli(['peers', '-o', 'json', ...peersArgs]);
  assert.equal(peers.code, 0, peers.stdout);
  return { check: JSON.parse(check.stdout) as Json, peers: JSON.parse(peers.stdout) as Json };
}

describe('every timeformat protocol, on every generation, against real daemons', { concurrency: false }, () => {
  for (const gen of GENERATIONS) {
    let baseline: { check: Json; peers: Json } | undefined;
    for (const format of Object.keys(TIME_FORMATS) as TimeFormat[]) {
      test(`${gen.label}, timeformat protocol ${format}: verdicts, peers and JSON as with the default`, async (t) => {
        if (!requireRig(t, rig, gen.kind)) return;
        const socket = rig.harness.daemon(gen.kind).socket;
        await rig.harness.setTimeformat(gen.kind, format);
        t.after(() => rig?.harness.setTimeformat(gen.kind, gen.kind === 'bird3' ? 'F' : 'default'));
        await rig.harness.waitEstablished(socket);
        const got = await probeJson(rig, gen.args(rig), gen.peers(rig));
        assert.equal((got.peers.daemons as unknown[]).length, 1, 'one table per daemon');
        const seen = [...sinces(got.check), ...sinces(got.peers)];
        assert.ok(seen.length > 0);
        for (const since of seen) assert.match(since, SINCE[format], `${gen.label} ${format}: ${since}`);
        if (format === 'default') {
          baseline = got;
          return;
        }
        assert.ok(baseline, 'the default format runs first');
        assert.deepEqual(comparable(got.check), comparable(baseline.check));
        assert.deepEqual(comparable(got.peers), comparable(baseline.peers));
      });
    }
  }
});

describe('a read-only session', { concurrency: false }, () => {
  test('every connection opens with restrict, and only restrict and show commands are ever sent', async (t) => {
    if (!requireRig(t, rig)) return;
    for (const [label, kind] of [
      ['BIRD 1.6', 'bird'],
      ['BIRD 2', 'bird2'],
      ['BIRD 3', 'bird3'],
    ] as const) {
      await t.test(label, async (st) => {
        if (!requireRig(st, rig, kind)) return;
        const h = rig.harness;
        const proxy = await startBirdProxy(h.daemon(kind).socket);
        st.after(() => proxy.close());
        const one = ['--bird-socket', proxy.path, '--bird6-socket', kind === 'bird' ? h.bird6.socket : NO_BIRD6];
        for (const args of [
          ['ready', '--family', 'dual', ...rig.args, ...one],
          ['live', '--family', 'dual', ...rig.args, ...one],
          ['peers', '--family', 'ipv4', ...one],
          ['ready', '-v', ...rig.args, ...one],
        ]) {
          const run = await runCli(args);
          assert.equal(run.code, 0, `${label}: ${args[0]}\n${run.stdout}`);
        }
        assert.ok(proxy.sessions.length > 0);
        for (const session of proxy.sessions) {
          assert.equal(session[0], 'restrict', `${label}: ${JSON.stringify(session)}`);
          for (const command of session.slice(1)) assert.match(command, /^show [a-z ]+$/, label);
        }
        const verbose = await runCli(['check', 'bird-ready', '-v', ...rig.args, ...one]);
        assert.match(verbose.stdout, /session restricted \(0016 Access restricted\)/, verbose.stdout);
      });
    }
  });

  test('ready for both families from one BIRD 2 or 3 socket asks that daemon once per run', async (t) => {
    if (!requireRig(t, rig)) return;
    for (const kind of ['bird2', 'bird3'] as const) {
      await t.test(kind, async (st) => {
        if (!requireRig(st, rig, kind)) return;
        const proxy = await startBirdProxy(rig.harness.daemon(kind).socket);
        st.after(() => proxy.close());
        await rig.harness.setNodenameAge(WINDOW_CLOSED);
        const run = await runCli(['ready', '--family', 'dual', ...rig.args, '--bird-socket', proxy.path, '--bird6-socket', NO_BIRD6]);
        assert.equal(run.code, 0, run.stdout);
        assert.equal(proxy.connections, 1);
        assert.deepEqual(proxy.sessions, [['restrict', 'show protocols', 'show status']]);
        // restrict costs no round trip: it travels in the same write as the queries.
        assert.deepEqual(proxy.firstChunks, ['restrict\nshow protocols\nshow status\n']);
      });
    }
  });

  test('a socket BIRD 3 made read-only itself (cli "…" { restrict; }) is probed like any other', async (t) => {
    if (!requireRig(t, rig, 'bird3')) return;
    await rig.harness.setNodenameAge(WINDOW_CLOSED);
    const ro = ['--bird-socket', rig.harness.bird3.readOnlySocket, '--bird6-socket', NO_BIRD6];
    const ready = await runCli(['ready', '--family', 'dual', '-o', 'json', ...rig.args, ...ro]);
    assert.equal(ready.code, 0, ready.stdout);
    const doc = JSON.parse(ready.stdout) as { checks: { name: string; details: { restricted?: boolean } }[] };
    for (const check of doc.checks.filter((c) => c.name.startsWith('bird'))) assert.equal(check.details.restricted, true);
    const peers = await runCli(['peers', '--family', 'dual', ...ro]);
    assert.equal(peers.code, 0, peers.stdout);
    // The restriction is real: BIRD refuses a command that would change it on such a session.
    const refused = await rig.harness.birdctl(rig.harness.bird3.readOnlySocket, 'disable Mesh_10_0_0_2');
    assert.match(refused, /^8007 Access denied/m);
  });
});
