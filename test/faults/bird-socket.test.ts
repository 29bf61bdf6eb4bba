// BIRD control-socket faults: for each, `ready` and `live` (Felix and runit healthy) exit
// non-zero within --timeout + 250 ms with a first line naming the check, the socket path and
// the fault, and nothing left running. Servers are real UNIX sockets in temp directories.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeBird } from '../support/fake-bird.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import type { CliRun, RunCliOptions } from '../support/run-cli.ts';
import {
  conversation,
  endless,
  FAULTS,
  healthy,
  healthyDual,
  protocolsReply,
  REPLIES,
  staleSocket,
  stoppedDaemon,
  type FaultName,
} from '../support/bird-standins.ts';
import { openToAll, startHealthyRunit, type HealthyRunit } from '../support/runit-standin.ts';
import { asNobody, assertFault, needsRoot, nodenameFile, probe, tempDir, TIMEOUT } from './support.ts';
import { escapeRegExp } from '../support/regexp.ts';

let felix: FelixStandin;
let runit: HealthyRunit | undefined;
let temp: Awaited<ReturnType<typeof tempDir>>;
let nodename = '';

before(async () => {
  [felix, runit, temp] = await Promise.all([startFelixStandin(), startHealthyRunit(), tempDir('cp-faults-bird-')]);
  nodename = await nodenameFile(temp.dir);
});
after(async () => {
  await Promise.all([felix.close(), runit?.stop(), temp.remove()]);
});

/** `ready` and `live` at once against `socket`, everything else healthy. */
function probeBoth(socket: string, opts: RunCliOptions = {}, timeout = TIMEOUT): Promise<[CliRun, CliRun | undefined]> {
  const common = ['--timeout', timeout, '--family', 'ipv4', '--felix-url', felix.url, '--bird-socket', socket];
  return Promise.all([
    probe(['ready', ...common, '--nodename-file', nodename], opts),
    runit ? probe(['live', ...common, '--service-dir', runit.serviceDir], opts) : undefined,
  ]);
}

interface Case {
  ready: number;
  live: number;
  /** After the socket path, in both first lines. */
  detail: string;
  /** bird-ready's wrapper: querying for connect failures, executing for the rest. */
  wrapper: 'querying' | 'executing';
  /** BIRD's own 8xxx/9xxx answer is quoted as calico-node does, without the path. */
  quotesBird?: boolean;
  /** The run's --timeout in ms when it is not TIMEOUT. */
  timeoutMs?: number;
}

/** Asserts both runs: `BIRD is not ready: <wrapper>…<detail>` and `bird is not live: …<detail>`, each naming the path. */
function assertBoth(runs: [CliRun, CliRun | undefined], socket: string, c: Case, label: string): void {
  const [ready, live] = runs;
  const wrapper = c.wrapper === 'querying' ? 'error querying BIRD: unable to connect to BIRDv4 socket: ' : 'error executing command: ';
  assertFault(
    ready,
    {
      code: c.ready,
      firstLine: new RegExp(`^calico/node is not ready: BIRD is not ready: ${escapeRegExp(wrapper)}.*${c.detail}`),
      timeoutMs: c.timeoutMs,
    },
    `ready: ${label}`,
  );
  if (!c.quotesBird) assert.ok(ready.firstLine.includes(socket), `ready: ${label}: the path is named`);
  if (live === undefined) return;
  assertFault(
    live,
    {
      code: c.live,
      firstLine: new RegExp(`^calico/node is not ready: (bird is not live|bad response from bird): .*${c.detail}`),
      timeoutMs: c.timeoutMs,
    },
    `live: ${label}`,
  );
  if (!c.quotesBird) assert.ok(live.firstLine.includes(socket), `live: ${label}: the path is named`);
  assert.match(live.stdout, /^bird-live +(fail|unknown) /m);
}

/** Deadline for the endless reply: the 16 MiB cap must be what stops it, however busy the machine. */
const ENDLESS_TIMEOUT = '20s';
const ENDLESS_TIMEOUT_MS = 20_000;

const SERVED: Record<FaultName, Case> = {
  'accepts and never writes': { ready: 1, live: 1, wrapper: 'executing', detail: 'within the deadline \\(connected, no banner\\)' },
  'banner, then stalls mid-reply': {
    ready: 1,
    live: 1,
    wrapper: 'executing',
    detail: "within the deadline \\(connected, banner received, '[a-z ]+' incomplete after 3 lines\\)",
  },
  'drips one byte per 100 ms forever': {
    ready: 1,
    live: 1,
    wrapper: 'executing',
    detail: 'within the deadline \\(connected, banner received, .*\\)',
  },
  'closes before the terminating line': {
    ready: 3,
    live: 3,
    wrapper: 'executing',
    detail: "BIRD closed the connection before the end of the reply to '[a-z ]+'",
  },
  'sends garbage': { ready: 3, live: 3, wrapper: 'executing', detail: "malformed line from BIRD: 'HTTP/1\\.1 400 Bad Request\\\\x0d'" },
  'sends binary': { ready: 3, live: 3, wrapper: 'executing', detail: 'malformed line from BIRD: ' },
  'sends an over-long line': { ready: 3, live: 3, wrapper: 'executing', detail: 'BIRD sent a line longer than 65536 bytes' },
  'sends an endless reply': {
    ready: 3,
    live: 3,
    wrapper: 'executing',
    detail: 'BIRD reply larger than 16777216 bytes',
    timeoutMs: ENDLESS_TIMEOUT_MS,
  },
  'answers 8007 Access denied': { ready: 3, live: 1, wrapper: 'executing', detail: "8007 Access denied'?$", quotesBird: true },
  'answers 9001 syntax error': { ready: 3, live: 1, wrapper: 'executing', detail: "9001 syntax error'?$", quotesBird: true },
};

describe('a BIRD that misbehaves on the socket', () => {
  for (const [fault, c] of Object.entries(SERVED) as [FaultName, Case][]) {
    test(fault, async (t) => {
      const bird = await startFakeBird(FAULTS[fault]);
      t.after(() => bird.close());
      endless.written = 0;
      // 16 MiB through a socket takes longer than the 2 s deadline on a busy machine: the cap,
      // not the deadline, is what this case is about, so it gets room.
      const timeout = fault === 'sends an endless reply' ? ENDLESS_TIMEOUT : TIMEOUT;
      assertBoth(await probeBoth(bird.path, {}, timeout), bird.path, c, fault);
      await Promise.all(bird.connections.map((conn) => conn.closed)); // the probe hung up each one
    });
  }

  test('an endless reply is cut at the 16 MiB cap: the probe stops reading, memory stays bounded', async (t) => {
    const bird = await startFakeBird(FAULTS['sends an endless reply']);
    t.after(() => bird.close());
    endless.written = 0;
    const rss = join(temp.dir, 'peak-rss');
    const run = await probe(
      ['check', 'bird-ready', '--timeout', ENDLESS_TIMEOUT, '--bird-socket', bird.path, '--nodename-file', nodename],
      {
        nodeArgs: ['--require', PEAK_RSS],
        env: { PEAK_RSS_FILE: rss },
      },
    );
    assertFault(run, { code: 3, firstLine: /BIRD reply larger than 16777216 bytes/, timeoutMs: ENDLESS_TIMEOUT_MS });
    await Promise.all(bird.connections.map((conn) => conn.closed));
    assert.ok(endless.written < 64 * 2 ** 20, `BIRD wrote ${endless.written} bytes before the probe hung up`);
    const peakMiB = Number(await readFile(rss, 'utf8')) / 1024;
    assert.ok(peakMiB < 256, `peak RSS ${peakMiB.toFixed(0)} MiB`);
    t.diagnostic(`endless reply: probe hung up after ${(endless.written / 2 ** 20).toFixed(1)} MiB; peak RSS ${peakMiB.toFixed(0)} MiB`);
  });
});

test('a huge but valid reply (3000 peers down, half of them disabled): the verdict first, at most 8 KiB in all', async (t) => {
  const rows = Array.from(
    { length: 3000 },
    (_, i) =>
      `Node_10_1_${i >> 8}_${i & 255} BGP      master   ${i % 2 ? 'down   20:13:53' : 'start  20:13:53    Active        Socket: Connection refused'}`,
  );
  const bird = await startFakeBird(
    conversation((conn, command) => conn.send(command === 'show protocols' ? protocolsReply(rows) : (REPLIES[command] ?? ''))),
  );
  t.after(() => bird.close());
  const run = await probe([
    'ready',
    '--timeout',
    TIMEOUT,
    '--family',
    'ipv4',
    '--felix-url',
    felix.url,
    '--bird-socket',
    bird.path,
    '--nodename-file',
    nodename,
  ]);
  assertFault(run, {
    code: 1,
    firstLine: /^calico\/node is not ready: BIRD is not ready: BGP not established with 10\.1\.0\.0,10\.1\.0\.2,/,
  });
  assert.match(run.stdout, /^ +… 1495 more warnings \(-v or -o json lists them all\)$/m);
  assert.ok(Buffer.byteLength(run.stdout) <= 8192, `${Buffer.byteLength(run.stdout)} bytes: the kubelet keeps 10 KiB`);
});

describe('a BIRD socket that cannot be reached', () => {
  const connect = (detail: string, code = 1): Case => ({ ready: code, live: code, wrapper: 'querying', detail });

  test('ENOENT: no socket file', async () => {
    const socket = join(temp.dir, 'absent', 'bird.ctl');
    const runs = await probeBoth(socket);
    assertBoth(runs, socket, connect('no such file: BIRD is not running or has not started yet'), 'ENOENT');
    assert.ok(!runs[0].stdout.includes('/var/run/bird/'), 'never a fallback path');
  });

  test('ECONNREFUSED: a stale socket left by a killed daemon', async () => {
    const socket = join(temp.dir, 'stale.ctl');
    await staleSocket(socket);
    assertBoth(await probeBoth(socket), socket, connect('connection refused \\(stale socket: BIRD is not running\\)'), 'ECONNREFUSED');
  });

  test('a hung daemon (SIGSTOP): connections queue unanswered, then EAGAIN once its backlog is full', async (t) => {
    const socket = join(temp.dir, 'stopped.ctl');
    const daemon = await stoppedDaemon(socket, 4);
    t.after(() => daemon.kill());
    assertBoth(await probeBoth(socket), socket, SERVED['accepts and never writes'], 'queued');
    await daemon.fillBacklog();
    assertBoth(
      await probeBoth(socket),
      socket,
      connect('resource temporarily unavailable: BIRD is too busy to accept \\(listen backlog full\\)'),
      'EAGAIN',
    );
  });

  test('a path longer than a UNIX socket address holds (108 bytes)', async () => {
    const socket = join(temp.dir, 'b'.repeat(120 - temp.dir.length), 'bird.ctl');
    assertBoth(
      await probeBoth(socket),
      socket,
      connect('the path is \\d+ bytes, longer than the 107 a UNIX socket address holds'),
      'too long',
    );
  });

  test('a directory, and a regular file, where the socket should be', async () => {
    const dir = join(temp.dir, 'dir.ctl');
    mkdirSync(dir);
    assertBoth(await probeBoth(dir), dir, connect('is a directory, not a socket'), 'directory');
    const file = join(temp.dir, 'file.ctl');
    writeFileSync(file, '0001 BIRD 1.6.8 ready.\n');
    assertBoth(await probeBoth(file), file, connect('is a regular file, not a socket'), 'regular file');
    await unlink(file);
  });

  test('EACCES: the probe runs as nobody and may not connect', async (t) => {
    if (!needsRoot(t)) return;
    const bird = await startFakeBird(healthy, join(temp.dir, 'private.ctl'));
    t.after(() => bird.close());
    chmodSync(bird.path, 0o600);
    if (runit) await openToAll(runit);
    // Who may connect: the socket's owner, group and mode, and who the probe runs as.
    const detail =
      'permission denied: the probe may not write to the socket (socket owned by uid 0, gid 0, mode 0600: its owner and group may connect; this probe runs as uid 65534, gid 65534)';
    assertBoth(await probeBoth(bird.path, await asNobody(temp.dir)), bird.path, connect(escapeRegExp(detail), 3), 'EACCES');
    assert.equal(bird.connections.length, 0);
  });
});

const PEAK_RSS = new URL('./peak-rss.cjs', import.meta.url).pathname;

describe('a BIRD that does not know restrict', () => {
  test('is still probed; -v says the session was not restricted; JSON says restricted: false', async (t) => {
    // Its `restrict` is passed to the script, which answers it like any unknown command: 9001.
    const bird = await startFakeBird(healthy, join(temp.dir, 'old.ctl'), 'pass');
    t.after(() => bird.close());
    const args = ['check', 'bird-ready', '--timeout', TIMEOUT, '--bird-socket', bird.path, '--nodename-file', nodename];
    const verbose = await probe([...args, '-v']);
    assert.equal(verbose.code, 0, verbose.stdout);
    assert.match(verbose.stdout, /session NOT restricted: BIRD answered 'restrict' with 9001 syntax error/);
    const json = await probe([...args, '-o', 'json']);
    assert.equal(JSON.parse(json.stdout).checks[0].details.restricted, false);
    for (const conn of bird.connections) {
      assert.deepEqual(conn.lines, ['restrict', 'show protocols', 'show status'], 'restrict first, in the same write as the queries');
    }
  });
});

describe('no bird6 socket: which daemon answers for IPv6', () => {
  test('a BIRD 2 or 3 daemon at --bird-socket serves both families, asked once; a BIRD 1.6 one does not', async (t) => {
    const missing = join(temp.dir, 'no-bird6.ctl');
    for (const generation of ['2', '3'] as const) {
      const bird = await startFakeBird(healthyDual(generation), join(temp.dir, `dual${generation}.ctl`));
      t.after(() => bird.close());
      const run = await probe([
        'check',
        'bird-ready',
        'bird6-ready',
        '-o',
        'json',
        '--timeout',
        TIMEOUT,
        '--bird-socket',
        bird.path,
        '--bird6-socket',
        missing,
        '--nodename-file',
        nodename,
      ]);
      assert.equal(run.code, 0, run.stdout);
      const checks = JSON.parse(run.stdout).checks as {
        name: string;
        message: string;
        details: { socket: string; family: string; daemon: { generation: number }; peers: { family: string }[] };
      }[];
      for (const check of checks) {
        const family = check.name === 'bird-ready' ? 'ipv4' : 'ipv6';
        assert.equal(check.details.socket, bird.path);
        assert.equal(check.details.family, family);
        assert.equal(check.details.daemon.generation, Number(generation));
        assert.ok(check.details.peers.length > 0 && check.details.peers.every((p) => p.family === family));
        assert.ok(
          check.message.endsWith(`(${family === 'ipv4' ? 'IPv4' : 'IPv6'} peers of the BIRD ${generation} daemon at ${bird.path})`),
          check.message,
        );
      }
      assert.equal(bird.connections.length, 1, 'one connection for both checks');
    }
    const old = await startFakeBird(healthy, join(temp.dir, 'v4only.ctl'));
    t.after(() => old.close());
    const run = await probe([
      'check',
      'bird6-ready',
      '--timeout',
      TIMEOUT,
      '--bird-socket',
      old.path,
      '--bird6-socket',
      missing,
      '--nodename-file',
      nodename,
    ]);
    assert.equal(run.code, 1, run.stdout);
    assert.ok(run.firstLine.includes(missing) && /no such file/.test(run.firstLine), run.firstLine);
  });
});
