// bird-live and bird6-live called in-process: runit service directories written as runsv leaves
// them (supervise/status, stat, pid; supervise/ok held open in runsv's place), and a stub
// transport answering the captured `show status` replies or throwing the BirdError the real
// client throws. Messages are calico-node's wording (README, Exit status).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bird6LiveCheck, birdLiveCheck } from '../../src/checks/bird-live.ts';
import { queryBird } from '../../src/bird/index.ts';
import type { ServiceStatus } from '../../src/runit/supervise.ts';
import {
  baseConfig,
  context,
  scratch,
  sessionFrom,
  stubTransport,
  superviseDir,
  withoutUptime,
  type Scratch,
  type SuperviseState,
  realBirdError,
} from '../support/check-context.ts';
import { startFakeBird } from '../support/fake-bird.ts';
import { deadlineReason } from '../../src/checks/run.ts';

const STATUS_2 = sessionFrom('2/show-status.txt');
const STATUS_BIRD6 = sessionFrom('1.6/bird6-show-status.txt');
const RUNNING: SuperviseState = { state: 'run', pid: 4242 };

const dirs: Scratch[] = [];
after(() => {
  for (const d of dirs) d.cleanup();
});

/** A fresh temp tree with confd and the daemon's service in the given states. */
function node(services: Record<string, SuperviseState | undefined>) {
  const tmp = scratch();
  dirs.push(tmp);
  const config = baseConfig(tmp.dir);
  // A BIRD 1.6 node has a bird6 socket; without one, bird6 checks would ask the bird daemon.
  writeFileSync(config.bird6Socket, '');
  for (const [name, state] of Object.entries(services)) if (state) superviseDir(tmp, config.serviceDir, name, state);
  return { tmp, config, dir: (service: string) => join(config.serviceDir, service) };
}

test('bird-live: confd and bird running and `show status` ending 0013 pass', async () => {
  const { config, dir } = node({ confd: RUNNING, bird: RUNNING });
  const transport = stubTransport({ bird: STATUS_2 });
  const ctx = context(config, transport);
  const result = await birdLiveCheck(ctx);
  assert.equal(result.status, 'pass');
  assert.equal(result.message, `confd and bird running; ${config.birdSocket} answered`);
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(
    transport.birdCalls.map((c) => [c.path, c.commands, c.signal === ctx.signal]),
    [[config.birdSocket, ['show status'], true]],
  );
  assert.deepEqual(
    result.layers.map((l) => ({ ...l, detail: withoutUptime(l.detail) })),
    [
      { step: 'runit confd', ok: true, detail: `run: ${dir('confd')}: (pid 4242) Ns` },
      { step: 'runit bird', ok: true, detail: `run: ${dir('bird')}: (pid 4242) Ns` },
      { step: 'socket', ok: true, detail: `connected to ${config.birdSocket}` },
      { step: 'answer', ok: true, detail: 'BIRD 2.0.12 ready.; Daemon is up and running; session restricted (0016 Access restricted)' },
    ],
  );
  const services = result.details.services as ServiceStatus[] | undefined;
  assert.deepEqual(
    services?.map((s) => [s.service, s.state, s.pid]),
    [
      ['confd', 'up', 4242],
      ['bird', 'up', 4242],
    ],
  );
});

test('bird6-live: asks the bird6 socket and reads the bird6 service', async () => {
  const { config } = node({ confd: RUNNING, bird6: RUNNING });
  const transport = stubTransport({ bird: STATUS_BIRD6 });
  const result = await bird6LiveCheck(context(config, transport));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, `confd and bird6 running; ${config.bird6Socket} answered`);
  assert.deepEqual(
    transport.birdCalls.map((c) => c.path),
    [config.bird6Socket],
  );
});

test("bird-live: bird down fails with sv's line, as calico-node quotes it", async () => {
  const { config, dir } = node({ confd: RUNNING, bird: { state: 'down', want: 'd' } });
  const result = await birdLiveCheck(context(config, stubTransport({ bird: STATUS_2 })));
  assert.equal(result.status, 'fail');
  assert.equal(
    withoutUptime(result.message),
    `bird/confd is not live: service bird is not running. Output << down: ${dir('bird')}: Ns, normally up >>`,
  );
  assert.deepEqual(
    result.layers.map((l) => [l.step, l.ok]),
    [
      ['runit confd', true],
      ['runit bird', false],
      ['socket', true],
      ['answer', true],
    ],
  );
});

test('bird6-live: bird6 in its finish script fails', async () => {
  const { config, dir } = node({ confd: RUNNING, bird6: { state: 'finish', pid: 77 } });
  const result = await bird6LiveCheck(context(config, stubTransport({ bird: STATUS_BIRD6 })));
  assert.equal(result.status, 'fail');
  assert.equal(
    withoutUptime(result.message),
    `bird6/confd is not live: service bird6 is not running. Output << finish: ${dir('bird6')}: (pid 77) Ns >>`,
  );
});

test('bird-live: running but wanted down passes with a warning, as calico-node passes it', async () => {
  const { config, dir } = node({ confd: { state: 'run', want: 'd', gotTerm: true }, bird: RUNNING });
  const result = await birdLiveCheck(context(config, stubTransport({ bird: STATUS_2 })));
  assert.equal(result.status, 'warn');
  assert.equal(result.message, `confd and bird running; ${config.birdSocket} answered`);
  assert.deepEqual(result.warnings.map(withoutUptime), [`confd: run: ${dir('confd')}: (pid 4242) Ns, want down, got TERM`]);
});

test('bird-live: no runsv for confd is unknown, not down', async () => {
  const { config, dir } = node({ confd: { ...RUNNING, runsv: false }, bird: RUNNING });
  const result = await birdLiveCheck(context(config, stubTransport({ bird: STATUS_2 })));
  assert.equal(result.status, 'unknown');
  assert.equal(result.message, `bird/confd is not live: cannot read the state of service confd: runsv is not running for ${dir('confd')}`);
  assert.deepEqual(result.layers[0], { step: 'runit confd', ok: false, detail: `fail: ${dir('confd')}: runsv not running` });
});

test('bird6-live: a missing service directory is unknown, naming it', async () => {
  const { config, dir } = node({ confd: RUNNING });
  const result = await bird6LiveCheck(context(config, stubTransport({ bird: STATUS_BIRD6 })));
  assert.equal(result.status, 'unknown');
  assert.equal(
    result.message,
    `bird6/confd is not live: cannot read the state of service bird6: service directory ${dir('bird6')} does not exist`,
  );
});

test('bird-live: a reply other than 0013 is a bad response, quoted with its code', async () => {
  const { config } = node({ confd: RUNNING, bird: RUNNING });
  const result = await birdLiveCheck(context(config, stubTransport({ bird: sessionFrom('2/unknown-command.txt') })));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'bad response from bird: 9001 syntax error, unexpected CF_SYM_UNDEFINED');
  assert.deepEqual(result.layers.at(-1), { step: 'answer', ok: false, detail: result.message });
});

test("bird-live: no socket (the real client's error) fails; the answer step is not reached", async () => {
  const { config } = node({ confd: RUNNING, bird: RUNNING });
  const missing = await realBirdError(config.birdSocket, ['show status'], AbortSignal.timeout(2000));
  const result = await birdLiveCheck(context(config, stubTransport({ bird: missing })));
  assert.equal(result.status, 'fail');
  assert.equal(
    result.message,
    `bird is not live: cannot connect to BIRD socket ${config.birdSocket}: no such file: BIRD is not running or has not started yet`,
  );
  assert.deepEqual(result.layers.slice(2), [
    { step: 'socket', ok: false, detail: missing.message },
    { step: 'answer', ok: false, detail: 'not reached: no connection', skipped: true },
  ]);
});

test('bird-live: a reply cut short is unknown (no verdict), not a failure', async () => {
  const { config } = node({ confd: RUNNING, bird: RUNNING });
  const cut = await realBirdError(config.birdSocket, ['show status'], AbortSignal.timeout(2000), async (conn) => {
    conn.bannerSent = true;
    await conn.send('0001 BIRD 2.0.12 ready.\n');
    await conn.command(0);
    conn.socket.end();
  });
  assert.equal(cut.kind, 'truncated');
  const result = await birdLiveCheck(context(config, stubTransport({ bird: cut })));
  assert.equal(result.status, 'unknown');
  assert.equal(
    result.message,
    `bird is not live: BIRD closed the connection before the end of the reply to 'show status' (socket ${config.birdSocket}, connected, banner received, no reply to 'show status' yet)`,
  );
  assert.deepEqual(
    result.layers.slice(2).map((l) => [l.step, l.ok]),
    [
      ['socket', true],
      ['answer', false],
    ],
  );
});

test('bird-live: every failure is named at once (confd down and no socket)', async () => {
  const { config, dir } = node({ confd: { state: 'down', want: 'd' }, bird: RUNNING });
  const missing = await realBirdError(config.birdSocket, ['show status'], AbortSignal.timeout(2000));
  const result = await birdLiveCheck(context(config, stubTransport({ bird: missing })));
  assert.equal(result.status, 'fail');
  assert.equal(
    withoutUptime(result.message),
    `bird/confd is not live: service confd is not running. Output << down: ${dir('confd')}: Ns, normally up >>; bird is not live: ${missing.message}`,
  );
});

test('bird-live: the run signal ends a silent daemon and the service reads at the deadline: fail', async () => {
  const { config, dir } = node({ confd: RUNNING, bird: RUNNING });
  const silent = await startFakeBird(async (conn) => {
    conn.bannerSent = true;
    await conn.send('0001 BIRD 2.0.12 ready.\n');
  }, config.birdSocket);
  try {
    const controller = new AbortController();
    const transport = stubTransport({ bird: (signal) => queryBird(config.birdSocket, ['show status'], { signal }) });
    const running = birdLiveCheck(context(config, transport, { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('deadline')), 50);
    const result = await running;
    assert.equal(result.status, 'fail');
    assert.equal(
      result.message,
      `bird is not live: no reply from BIRD socket ${config.birdSocket} within the deadline (connected, banner received, no reply to 'show status' yet)`,
    );

    // Aborted before the service files are read: an unfinished read fails (README, Guarantees).
    const late = await birdLiveCheck(context(config, transport, { signal: AbortSignal.abort() }));
    assert.equal(late.status, 'fail');
    assert.equal(
      late.message,
      [
        `bird/confd is not live: state of service confd not read within the deadline: deadline reached while reading ${dir('confd')}`,
        `bird/confd is not live: state of service bird not read within the deadline: deadline reached while reading ${dir('bird')}`,
        `bird is not live: no reply from BIRD socket ${config.birdSocket} within the deadline (connecting)`,
      ].join('; '),
    );
  } finally {
    await silent.close();
  }
});

// runChecks aborts with deadlineReason(): a service read it cuts fails like any unfinished read.
test("bird-live: a service read cut by runChecks' own deadline reason fails like any unfinished read", async () => {
  const { config, dir } = node({ confd: RUNNING, bird: RUNNING });
  const transport = stubTransport({ bird: STATUS_2 });
  const result = await birdLiveCheck(context(config, transport, { signal: AbortSignal.abort(deadlineReason()) }));
  assert.equal(result.status, 'fail');
  assert.equal(
    result.message.split('; ')[0],
    `bird/confd is not live: state of service confd not read within the deadline: deadline reached while reading ${dir('confd')}`,
  );
});

test('bird-live: an error that is not a BirdError is a bug and is thrown, not judged', async () => {
  const { config } = node({ confd: RUNNING, bird: RUNNING });
  await assert.rejects(birdLiveCheck(context(config, stubTransport({ bird: new TypeError('boom') }))), /boom/);
});
