// `calico-probe watch` against real BIRD: the state flips exactly after --failure-threshold
// failing runs when a peer goes down between runs, and SIGINT/SIGTERM end it cleanly with
// the exit code of the state it is in. stdout and stderr are pipes here: no spinner.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCli } from '../support/cli-session.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

const TS = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('watch against real BIRD', { concurrency: false }, () => {
  test('a peer goes down between runs: not ready exactly at the third failing run', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    await h.setNodenameAge(2); // strict window: one peer down fails bird-ready
    const session = startCli([
      'watch',
      'check',
      'bird-ready',
      '-v',
      '--period',
      '300ms',
      '--failure-threshold',
      '3',
      '--count',
      '14',
      ...rig.args,
    ]);
    await session.waitForLine(/ run 2: success /);
    const peer = h.peer('Node_10_0_0_4');
    await peer.stop();
    t.after(async () => {
      await peer.start();
      await h.waitEstablished(h.bird.socket);
    });
    const { code } = await session.exited;
    const lines = session.lines;
    assert.equal(session.stderr(), '', 'no spinner or diagnostics when stderr is not a terminal');
    assert.match(lines[0] as string, new RegExp(`^${TS} not ready → ready after 1 consecutive success \\(run 1\\): calico/node is ready$`));
    const firstFailure = lines.findIndex((l) => / run \d+: failure \(streak 1\)/.test(l));
    assert.ok(firstFailure > 0, lines.join('\n'));
    const run = Number(/ run (\d+):/.exec(lines[firstFailure] as string)?.[1]);
    assert.match(
      lines[firstFailure + 1] as string,
      new RegExp(
        ` run ${run + 1}: failure \\(streak 2\\), state ready: calico/node is not ready: BIRD is not ready: BGP not established with 10\\.0\\.0\\.4$`,
      ),
    );
    assert.match(
      lines[firstFailure + 2] as string,
      new RegExp(
        `^${TS} ready → not ready after 3 consecutive failures \\(run ${run + 2}\\): calico/node is not ready: BIRD is not ready: BGP not established with 10\\.0\\.0\\.4 \\| changed: bird-ready pass → fail; Node_10_0_0_4 \\(10\\.0\\.0\\.4\\) Established → \\w+`,
      ),
    );
    assert.equal(lines.filter((l) => l.includes('→')).length, 2, 'exactly two transitions');
    assert.equal(lines.length, 14, 'one line per run with -v, --count 14');
    assert.equal(code, 1, 'ended in the failure state');
  });

  test('without -v only transitions are printed, JSON as one object per line', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(120);
    const text = await runCli(['watch', 'ready', '--period', '100ms', '--count', '3', ...rig.args]);
    assert.equal(text.code, 0);
    assert.equal(text.stderr, '');
    assert.deepEqual(
      text.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.replace(new RegExp(`^${TS} `), '')),
      ['not ready → ready after 1 consecutive success (run 1): calico/node is ready'],
    );
    const json = await runCli(['watch', 'ready', '--period', '100ms', '--count', '2', '-v', '-o', 'json', ...rig.args]);
    const events = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      events.map((e) => [e.event, e.run, e.to]),
      [
        ['transition', 1, 'success'],
        ['run', 2, 'success'],
      ],
    );
    assert.equal(events[0].result.checks.find((c: { name: string }) => c.name === 'bird-ready').details.established, 5);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} ends watch cleanly with the exit code of the current state`, async (t) => {
      if (!requireRig(t, rig)) return;
      const healthy = startCli(['watch', 'live', '-v', '--period', '200ms', ...rig.args]);
      await healthy.waitForLine(/ run 2: success /);
      const sent = performance.now();
      healthy.child.kill(signal);
      const ok = await healthy.exited;
      assert.deepEqual([ok.code, ok.signal], [0, null]);
      assert.ok(performance.now() - sent < 1500, 'promptly');
      assert.ok(
        healthy.lines.every((l) => / run \d+: success /.test(l)),
        'every line whole',
      );

      const failing = startCli([
        'watch',
        'check',
        'felix-ready',
        '-v',
        '--period',
        '200ms',
        '--failure-threshold',
        '1',
        ...rig.args,
        '--felix-url',
        'http://127.0.0.1:1',
      ]);
      await failing.waitForLine(/ run 2: failure /);
      failing.child.kill(signal);
      const bad = await failing.exited;
      assert.deepEqual([bad.code, bad.signal], [1, null]);
      assert.equal(failing.stderr(), '');
    });
  }
});
