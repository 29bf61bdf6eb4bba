// -v against the real harness: each check's layers say how far it got and why it stopped.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { peerDown, requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

/** The layer lines printed under one check: `✓ step: detail`, `✗ …`, `· … not reached`. */
function layersOf(stdout: string, check: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${check} `));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !/^ {4}/.test(l));
  return rest
    .slice(0, end === -1 ? undefined : end)
    .map((l) => l.trim())
    .filter((l) => /^[✓✗·] /.test(l));
}

describe('layered explanation (-v)', { concurrency: false }, () => {
  test('ready, every layer passed: nodename age and window, socket, answer, parse, rule with counted peers', async (t) => {
    if (!requireRig(t, rig)) return;
    await rig.harness.setNodenameAge(120);
    const run = await runCli(['ready', '-v', ...rig.args]);
    assert.equal(run.code, 0, run.stdout);
    const bird = layersOf(run.stdout, 'bird-ready');
    assert.deepEqual(
      bird.map((l) => l.split(':')[0]),
      ['✓ nodename', '✓ socket', '✓ answer', '✓ parse', '✓ rule', '· confd'],
    );
    assert.match(
      bird[0] as string,
      /is 2m(\d+(\.\d)?s)? old: strict window closed \(threshold 30s\)$|is 1\d\d(\.\d)?s old: strict window closed/,
    );
    assert.match(
      bird[3] as string,
      /6 BGP protocols: 5 Calico peers \(5 Established\); 1 not named Mesh_\/Node_\/Global_, never counted \(Local_Workload_10_0_0_9\)/,
    );
    assert.match(bird[4] as string, /at least one Established peer is enough; counted 5 peers, 5 Established$/);
    assert.deepEqual(
      layersOf(run.stdout, 'felix-ready').map((l) => l.split(':')[0]),
      ['✓ connect', '✓ http', '✓ reporters', '✓ rule'],
    );
  });

  test('a peer down inside the window: the rule layer names it with its state and error', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    await peerDown(t, rig, 'Global_10_0_0_5');
    await h.setNodenameAge(2);
    const run = await runCli(['check', 'bird-ready', '-v', ...rig.args]);
    assert.equal(run.code, 1);
    const rule = layersOf(run.stdout, 'bird-ready').find((l) => l.slice(2).startsWith('rule:')) ?? '';
    assert.match(
      rule,
      /^✗ rule: strict start-up window open: every peer must be Established and graceful restart finished; counted 5 peers, 4 Established; not Established: 10\.0\.0\.5 \(\w+(, .+)?\)$/,
    );
  });

  test('where a check stopped: socket refused, nodename missing, Felix refused; later layers not reached', async (t) => {
    if (!requireRig(t, rig)) return;
    const h = rig.harness;
    await h.killNodeBird('bird', 'SIGKILL');
    t.after(async () => {
      await h.svUp('bird');
      await h.waitEstablished(h.bird.socket);
      await h.waitGrRecoveryOver(h.bird.socket);
    });
    const run = await runCli(['check', 'bird-ready', 'bird-live', 'felix-live', '-v', ...rig.args, '--felix-url', 'http://127.0.0.1:1']);
    const ready = layersOf(run.stdout, 'bird-ready');
    assert.deepEqual(
      ready.map((l) => l.split(':')[0]),
      ['✓ nodename', '✗ socket', '· answer', '· parse', '· rule', '· confd'],
    );
    assert.match(ready[1] as string, /connection refused/);
    assert.match(ready[2] as string, /not reached: no complete answer from BIRD$/);
    const live = layersOf(run.stdout, 'bird-live');
    assert.deepEqual(
      live.map((l) => l.split(':')[0]),
      ['✓ runit confd', '✗ runit bird', '✗ socket', '· answer'],
    );
    assert.deepEqual(
      layersOf(run.stdout, 'felix-live').map((l) => l.split(':')[0]),
      ['✗ connect', '· http', '· reporters', '· rule'],
    );

    const noFile = await runCli(['check', 'bird6-ready', '-v', ...rig.args, '--nodename-file', `${h.dir}/missing-nodename`]);
    const layers = layersOf(noFile.stdout, 'bird6-ready');
    assert.deepEqual(
      layers.map((l) => l.split(':')[0]),
      ['✗ nodename', '✓ socket', '✓ answer', '· parse', '· rule', '· confd'],
    );
    assert.match(layers[3] as string, /not reached: no nodename file$/);
  });
});
