// The confd → BIRD sync layer against real daemons: confd renders bird.cfg and asks BIRD to
// reload. A reload BIRD accepts moves `Last reconfiguration on` past the file (in sync); one
// BIRD rejects (a broken config) leaves BIRD on the old config and the file newer (a failure
// inside the strict window, a warning after it); no reload at all after a render is the same.
// BIRD 1.6 prints the time to the second, BIRD 2 (and 3) with milliseconds.
import assert from 'node:assert/strict';
import { copyFileSync, appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseBirdTime } from '../../src/checks/confd-sync.ts';
import { pollUntil } from '../support/harness/poll.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { runCli } from '../support/run-cli.ts';

let rig: Rig | undefined;
before(async () => {
  rig = await startRig();
});
after(async () => {
  await stopRig(rig);
});

type Daemon = 'bird' | 'bird2' | 'bird3';

/** The harness's socket and config file for a node daemon (one it runs: see requireRig below). */
function daemon(r: Rig, kind: Daemon): { socket: string; config: string } {
  // The harness writes each node daemon's configuration at node/<kind>.cfg (harness/layout.ts).
  return { socket: r.harness.daemon(kind).socket, config: join(r.harness.dir, 'node', `${kind}.cfg`) };
}

async function lastReconfiguration(r: Rig, socket: string): Promise<string> {
  const raw = await r.harness.birdctl(socket, 'show status');
  const line = /^1011-Last reconfiguration on (.+)$/m.exec(raw) ?? /^ Last reconfiguration on (.+)$/m.exec(raw);
  assert.ok(line, raw);
  return (line[1] as string).trim();
}

/** A render must be newer than BIRD's last reconfiguration by more than the grace to count. */
async function afterGrace(r: Rig, socket: string): Promise<void> {
  const since = parseBirdTime(await lastReconfiguration(r, socket)) as number;
  await pollUntil(async () => (Date.now() - since > 3000 ? true : undefined), {
    timeoutMs: 10_000,
    what: 'the grace to pass',
    describe: () => '',
  });
}

async function configure(r: Rig, socket: string, file: string): Promise<string> {
  return r.harness.birdctl(socket, `configure "${file}"`);
}

for (const kind of ['bird', 'bird2', 'bird3'] as const) {
  describe(`confd sync with ${kind === 'bird' ? 'BIRD 1.6' : kind === 'bird2' ? 'BIRD 2' : 'BIRD 3'}`, { concurrency: false }, () => {
    test('a reload that succeeds, one BIRD rejects, and none at all', async (t) => {
      if (!requireRig(t, rig, kind)) return;
      const d = daemon(rig, kind);
      const confd = mkdtempSync(join(tmpdir(), 'cp-confd-'));
      const rendered = join(confd, 'bird.cfg');
      t.after(async () => {
        await configure(rig as Rig, d.socket, d.config);
        rmSync(confd, { recursive: true, force: true });
      });
      const probe = (age: number) =>
        rig!.harness
          .setNodenameAge(age)
          .then(() =>
            runCli([
              'check',
              'bird-ready',
              '-v',
              '--bird-socket',
              d.socket,
              '--nodename-file',
              rig!.harness.nodenameFile,
              '--confd-config-dir',
              confd,
            ]),
          );
      await rig.harness.setNodenameAge(120);

      // None: confd rendered, nobody reloaded BIRD.
      await afterGrace(rig, d.socket);
      copyFileSync(d.config, rendered);
      let run = await probe(2);
      assert.equal(run.code, 1, run.stdout);
      assert.match(
        run.firstLine,
        /^calico\/node is not ready: BIRD is not ready: BIRD has not loaded confd's latest config: .*bird\.cfg written .* after BIRD last reconfigured/,
      );

      // A reload that succeeds: BIRD's time moves past the file.
      assert.match(await configure(rig, d.socket, rendered), /^000[34] /m);
      run = await probe(2);
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /✓ confd: BIRD last reconfigured \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{3})?, after .*bird\.cfg was written/);
      if (kind !== 'bird') assert.match(await lastReconfiguration(rig, d.socket), /\.\d{3}$/, 'BIRD 2 and 3 print milliseconds');

      // One BIRD rejects: a broken render; BIRD keeps the old config and says so only to confd.
      await afterGrace(rig, d.socket);
      appendFileSync(rendered, '\nprotocol bgp Broken_render {\n  this is not bird syntax;\n}\n');
      const before = await lastReconfiguration(rig, d.socket);
      assert.doesNotMatch(await configure(rig, d.socket, rendered), /^000[34] /m, 'BIRD rejected the broken config');
      assert.equal(await lastReconfiguration(rig, d.socket), before, 'and kept its last reconfiguration');
      run = await probe(2);
      assert.equal(run.code, 1, 'inside the strict window: a failure');
      assert.match(run.firstLine, /BIRD has not loaded confd's latest config/);
      run = await probe(120);
      assert.equal(run.code, 0, 'after the window: a warning');
      assert.match(run.stdout, /warning BIRD has not loaded confd's latest config: .*bird\.cfg written/);
    });
  });
}

test('no confd directory: the layer is skipped and -v says so', async (t) => {
  if (!requireRig(t, rig)) return;
  const run = await runCli(['check', 'bird-ready', '-v', ...rig.args, '--confd-config-dir', join(tmpdir(), 'cp-no-such-confd-dir')]);
  assert.match(run.stdout, /· confd: no confd directory .*cp-no-such-confd-dir: BIRD's sync with confd not checked/);
});
