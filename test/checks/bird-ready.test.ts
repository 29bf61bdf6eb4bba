// bird-ready and bird6-ready called in-process: a nodename file with a chosen mtime opens or
// closes the strict window, and a stub transport answers `show protocols` and `show status` with
// the captured replies (test/fixtures/bird) or throws the BirdError the real client throws.
// Messages are calico-node's wording (README, Readiness rule and Exit status).
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bird6ReadyCheck, birdReadyCheck } from '../../src/checks/bird-ready.ts';
import { queryBird } from '../../src/bird/index.ts';
import { baseConfig, context, nodenameFile, scratch, sessionFrom, stubTransport, realBirdError } from '../support/check-context.ts';
import { startFakeBird } from '../support/fake-bird.ts';

const tmp = scratch();
after(() => tmp.cleanup());

const THRESHOLD_MS = 30_000;
const NOW = Date.UTC(2026, 10, 21, 21, 10, 0);
const config = baseConfig(tmp.dir, { thresholdMs: THRESHOLD_MS });
const OPEN = join(tmp.dir, 'nodename-young');
const CLOSED = join(tmp.dir, 'nodename-old');
nodenameFile(OPEN, NOW, 5_000);
nodenameFile(CLOSED, NOW, 600_000);
const open = { ...config, nodenameFile: OPEN };
const closed = { ...config, nodenameFile: CLOSED };
const now = () => NOW;
// A BIRD 1.6 node has a bird6 socket; without one, bird6 checks would ask the bird daemon.
writeFileSync(config.bird6Socket, '');

/** `show protocols` and `show status` as one session, from two captured replies of one daemon. */
const v4 = (protocols: string, status = 'show-status') => sessionFrom(`1.6/bird-${protocols}.txt`, `1.6/bird-${status}.txt`);
const v6 = (protocols: string, status = 'show-status') => sessionFrom(`1.6/bird6-${protocols}.txt`, `1.6/bird6-${status}.txt`);
const v2 = (protocols: string, status = 'show-status') => sessionFrom(`2/${protocols}.txt`, `2/${status}.txt`);

const steps = (layers: { step: string; ok: boolean; skipped?: boolean }[]) =>
  layers.map((l) => `${l.step}:${l.skipped ? 'skipped' : l.ok ? 'ok' : 'bad'}`);

test('bird-ready: window open, every peer Established, no recovery: pass; one session asks both commands', async () => {
  const transport = stubTransport({ bird: v4('show-protocols-established') });
  const ctx = context(open, transport, { now });
  const result = await birdReadyCheck(ctx);
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'BGP established with all 4 peers');
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(
    transport.birdCalls.map((c) => [c.path, c.commands, c.signal === ctx.signal]),
    [[config.birdSocket, ['show protocols', 'show status'], true]],
  );
  assert.deepEqual(steps(result.layers), ['nodename:ok', 'socket:ok', 'answer:ok', 'parse:ok', 'rule:ok', 'confd:skipped']);
  assert.equal(result.layers[0]?.detail, `nodename file ${OPEN} is 5s old: strict window open (threshold 30s)`);
  assert.equal(
    result.layers[2]?.detail,
    "BIRD 1.6.8 ready. answered 'show protocols' and 'show status'; session restricted (0016 Access restricted)",
  );
  assert.equal(result.details.windowOpen, true);
});

test('bird-ready: window closed, every peer Established: pass, counted', async () => {
  const result = await birdReadyCheck(context(closed, stubTransport({ bird: v4('show-protocols-established') }), { now }));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'BGP established with 4 of 4 peers');
  assert.equal(result.layers[0]?.detail, `nodename file ${CLOSED} is 10m0s old: strict window closed (threshold 30s)`);
});

test('bird-ready: window open, a peer down: fail naming it', async () => {
  const result = await birdReadyCheck(context(open, stubTransport({ bird: v4('show-protocols-peer-gr') }), { now }));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'BIRD is not ready: BGP not established with 10.77.0.3');
  assert.deepEqual(steps(result.layers).slice(-2), ['rule:bad', 'confd:skipped']);
});

test('bird-ready: window closed, a peer down: warn, one Established peer is enough', async () => {
  const result = await birdReadyCheck(context(closed, stubTransport({ bird: v4('show-protocols-peer-gr') }), { now }));
  assert.equal(result.status, 'warn');
  assert.equal(result.message, 'BGP established with 3 of 4 peers');
  assert.deepEqual(result.warnings, ['BGP not established with 10.77.0.3']);
});

test('bird-ready: window closed, no peer Established: fail; a disabled peer is not counted, and said so', async () => {
  const result = await birdReadyCheck(context(closed, stubTransport({ bird: v4('show-protocols-mixed') }), { now }));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'BIRD is not ready: BGP not established with 10.77.0.2,10.77.0.3,10.77.0.5');
  assert.deepEqual(result.warnings, ['Node_10_77_0_4_port_1790 (10.77.0.4:1790) is disabled (down) and not counted']);
});

test('bird6-ready: IPv6 peers, named as calico-node names them; asks the bird6 socket', async () => {
  const transport = stubTransport({ bird: v6('show-protocols-mixed') });
  const result = await bird6ReadyCheck(context(open, transport, { now }));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'BIRD6 is not ready: BGP not established with fd77::2,fd77::3,fd77::5');
  assert.deepEqual(result.warnings, ['Node_fd77__4_port_1790 ([fd77::4]:1790) is disabled (down) and not counted']);
  assert.deepEqual(
    transport.birdCalls.map((c) => c.path),
    [config.bird6Socket],
  );
});

test('bird-ready: BIRD 2, one daemon for both families, every peer Established: pass', async () => {
  const result = await birdReadyCheck(context(open, stubTransport({ bird: v2('show-protocols-established') }), { now }));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, `BGP established with all 4 peers (IPv4 peers of the BIRD 2 daemon at ${config.birdSocket})`);
});

test('bird-ready: graceful-restart recovery fails inside the window even with every peer Established', async () => {
  const result = await birdReadyCheck(
    context(open, stubTransport({ bird: v4('show-protocols-established', 'show-status-gr-recovery') }), { now }),
  );
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'BIRD is not ready: graceful restart in progress (wait timer 239/240 s, waiting for 5 protocols)');
  assert.equal(result.details.grRecovery, true);
});

test('bird-ready: graceful-restart recovery after the window is a warning', async () => {
  const result = await birdReadyCheck(
    context(closed, stubTransport({ bird: v2('show-protocols-gr-recovery', 'show-status-gr-recovery') }), { now }),
  );
  assert.equal(result.status, 'warn');
  assert.equal(result.message, `BGP established with 3 of 4 peers (IPv4 peers of the BIRD 2 daemon at ${config.birdSocket})`);
  assert.deepEqual(result.warnings, [
    'BGP not established with 10.77.0.2',
    'graceful restart in progress (wait timer 238.942/240 s, waiting for 5 channels) (BIRD still defers route exports)',
  ]);
});

test('bird-ready: no Calico peers at all is ready', async () => {
  const result = await birdReadyCheck(context(open, stubTransport({ bird: v4('show-protocols-no-bgp') }), { now }));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'no Calico BGP peers configured');
});

test('bird-ready: strict window boundary: open 1 ms before the threshold, closed at it; a future mtime is open', async () => {
  const { mtimeMs } = statSync(OPEN);
  const session = v4('show-protocols-peer-gr');
  const at = async (t: number) => (await birdReadyCheck(context(open, stubTransport({ bird: session }), { now: () => t }))).status;
  assert.equal(await at(mtimeMs + THRESHOLD_MS - 1), 'fail', 'window open: every peer must be up');
  assert.equal(await at(mtimeMs + THRESHOLD_MS), 'warn', 'window closed: one peer is enough');
  assert.equal(await at(mtimeMs - 60_000), 'fail', 'a nodename file from the future: window open');
});

test("bird-ready: no nodename file fails with calico-node's words, whatever BIRD said", async () => {
  const missing = { ...config, nodenameFile: join(tmp.dir, 'absent', 'nodename') };
  const result = await birdReadyCheck(context(missing, stubTransport({ bird: v4('show-protocols-established') }), { now }));
  assert.equal(result.status, 'fail');
  assert.equal(
    result.message,
    `BIRD is not ready: failed to stat() nodename file: stat ${missing.nodenameFile}: no such file or directory`,
  );
  assert.deepEqual(steps(result.layers), ['nodename:bad', 'socket:ok', 'answer:ok', 'parse:skipped', 'rule:skipped', 'confd:skipped']);
});

test('bird-ready: an error reply in place of `show protocols` is unknown (no verdict)', async () => {
  const session = sessionFrom('1.6/bird-unknown-command.txt', '1.6/bird-show-status.txt');
  const result = await birdReadyCheck(context(open, stubTransport({ bird: session }), { now }));
  assert.equal(result.status, 'unknown');
  assert.equal(result.message, "BIRD is not ready: error executing command: unexpected output line from BIRD: '9001 syntax error'");
  assert.deepEqual(steps(result.layers), ['nodename:ok', 'socket:ok', 'answer:ok', 'parse:bad', 'rule:skipped', 'confd:skipped']);
});

test("bird-ready: no socket (the real client's error) fails with calico-node's connect wording", async () => {
  const missing = await realBirdError(config.birdSocket, ['show protocols', 'show status'], AbortSignal.timeout(2000));
  const result = await birdReadyCheck(context(open, stubTransport({ bird: missing }), { now }));
  assert.equal(result.status, 'fail');
  assert.equal(
    result.message,
    `BIRD is not ready: error querying BIRD: unable to connect to BIRDv4 socket: cannot connect to BIRD socket ${config.birdSocket}: no such file: BIRD is not running or has not started yet`,
  );
  assert.deepEqual(steps(result.layers), ['nodename:ok', 'socket:bad', 'answer:skipped', 'parse:skipped', 'rule:skipped', 'confd:skipped']);

  const gone6 = `${config.bird6Socket}.gone`;
  const missing6 = await realBirdError(gone6, ['show protocols', 'show status'], AbortSignal.timeout(2000));
  const result6 = await bird6ReadyCheck(context(open, stubTransport({ bird: missing6 }), { now }));
  assert.equal(
    result6.message,
    `BIRD6 is not ready: error querying BIRD: unable to connect to BIRDv6 socket: cannot connect to BIRD socket ${gone6}: no such file: BIRD is not running or has not started yet`,
  );
});

test('bird-ready: a reply cut short is unknown', async () => {
  const cut = await realBirdError(config.birdSocket, ['show protocols', 'show status'], AbortSignal.timeout(2000), async (conn) => {
    conn.bannerSent = true;
    await conn.send('0001 BIRD 1.6.8 ready.\n');
    await conn.command(0);
    conn.socket.end();
  });
  const result = await birdReadyCheck(context(open, stubTransport({ bird: cut }), { now }));
  assert.equal(result.status, 'unknown');
  assert.equal(
    result.message,
    `BIRD is not ready: error executing command: BIRD closed the connection before the end of the reply to 'show protocols' (socket ${config.birdSocket}, connected, banner received, no reply to 'show protocols' yet)`,
  );
  assert.deepEqual(steps(result.layers), ['nodename:ok', 'socket:ok', 'answer:bad', 'parse:skipped', 'rule:skipped', 'confd:skipped']);
});

test('bird-ready: the run signal ends a silent daemon: fail, naming what was awaited', async () => {
  const silent = await startFakeBird(async (conn) => {
    conn.bannerSent = true;
    await conn.send('0001 BIRD 1.6.8 ready.\n');
  }, config.birdSocket);
  try {
    const controller = new AbortController();
    const transport = stubTransport({ bird: (signal) => queryBird(config.birdSocket, ['show protocols', 'show status'], { signal }) });
    const running = birdReadyCheck(context(open, transport, { signal: controller.signal, now }));
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    const result = await running;
    assert.equal(result.status, 'fail');
    assert.equal(
      result.message,
      `BIRD is not ready: error executing command: no reply from BIRD socket ${config.birdSocket} within the deadline (connected, banner received, no reply to 'show protocols' yet)`,
    );
  } finally {
    await silent.close();
  }
});

test('bird-ready: an error that is not a BirdError is a bug and is thrown, not judged', async () => {
  await assert.rejects(birdReadyCheck(context(open, stubTransport({ bird: new TypeError('boom') }), { now })), /boom/);
});
