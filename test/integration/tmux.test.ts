// The interactive paths as a person sees them: peers and watch in a real terminal (tmux),
// the pane captured with its colours; the spinner present on a terminal and absent when
// stderr is not one; zsh completion typed with Tab.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { CLI } from '../support/run-cli.ts';
import { openTerminal, shellMissing, tmuxMissing, type Terminal } from '../support/tmux.ts';
import { need } from '../support/needs.ts';

let rig: Rig | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cp-tmux-'));
const terminals: Terminal[] = [];
before(async () => {
  rig = await startRig();
});
after(async () => {
  for (const term of terminals) term.stop();
  rmSync(dir, { recursive: true, force: true });
  await stopRig(rig);
});

const probe = (...args: string[]) => [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
const SGR = /\u001b\[[0-9;]*m/g;
const GREEN = /\u001b\[(?:[0-9;]*;)?32m/;
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

function terminal(command: string, width = 120, env: NodeJS.ProcessEnv = {}): Terminal {
  const term = openTerminal(command, { width, height: 40 }, env);
  terminals.push(term);
  return term;
}

function ready(t: Parameters<typeof requireRig>[0], r: Rig | undefined): r is Rig {
  if (!need(t, tmuxMissing())) return false;
  return requireRig(t, r);
}

describe('in a terminal (tmux)', { concurrency: false }, () => {
  test('peers: coloured states, a table that fits an 80-column pane', async (t) => {
    if (!ready(t, rig)) return;
    const sockets = ['--bird-socket', rig.harness.bird.socket, '--bird6-socket', rig.harness.bird6.socket];
    const term = terminal(probe('peers', ...sockets), 80);
    const pane = await term.waitFor(/__EXIT__ 0/, { escapes: true });
    assert.match(pane, GREEN, 'Established in green');
    const plain = pane.replace(SGR, '');
    assert.match(plain, /^bird: 5\/5 established, graceful-restart recovery: no/m);
    assert.match(plain, /^NAME +ADDRESS +PORT +TYPE .*BGP STATE/m);
    for (const line of term.capture({ join: true }).split('\n')) assert.ok([...line].length <= 80, `wrapped: ${line}`);

    const noColor = terminal(probe('peers', ...sockets), 120, { NO_COLOR: '1' });
    assert.doesNotMatch(await noColor.waitFor(/__EXIT__ 0/, { escapes: true }), /\u001b\[3\dm/);
  });

  test("watch: spinner with the state on stderr, coloured transition, Ctrl-C ends it with the state's code", async (t) => {
    if (!ready(t, rig)) return;
    await rig.harness.setNodenameAge(120);
    const term = terminal(probe('watch', 'ready', '--period', '300ms', ...rig.args));
    const spinning = await term.waitFor(/ready · run [2-9]\d* success \(streak \d+\) · last transition \d\d:\d\d:\d\dZ not ready → ready/);
    assert.match(spinning, new RegExp(`${SPINNER.source} ready · run`));
    const coloured = term.capture({ escapes: true });
    assert.match(coloured.replace(SGR, ''), /Z not ready → ready after 1 consecutive success \(run 1\): calico\/node is ready/);
    assert.match(coloured, /→ \u001b\[(?:[0-9;]*;)?32mready/, 'the new state in green');
    assert.match(coloured, new RegExp(`\u001b\\[32m${SPINNER.source}\u001b\\[39m ready · run`), 'the spinner green in the ready state');
    term.keys('C-c');
    const ended = await term.waitFor(/__EXIT__ \d+/);
    assert.match(ended, /✔ interrupted after \d+ runs: ready \(exit 0\)\n__EXIT__ 0/);
    assert.doesNotMatch(ended, SPINNER, 'the spinner is cleared');
  });

  test('watch with stderr not a terminal: no spinner bytes at all', async (t) => {
    if (!ready(t, rig)) return;
    const errFile = join(dir, 'stderr');
    const term = terminal(`${probe('watch', 'ready', '--period', '100ms', '--count', '5', ...rig.args)} 2>'${errFile}'`);
    const pane = await term.waitFor(/__EXIT__ 0/);
    assert.match(pane, /not ready → ready after 1 consecutive success/);
    assert.equal(statSync(errFile).size, 0, readFileSync(errFile, 'utf8'));
  });

  test('zsh: Tab completes commands, watch probes and check names', async (t) => {
    if (!ready(t, rig)) return;
    if (!need(t, shellMissing('zsh'))) return;
    const bin = join(dir, 'bin');
    execFileSync('mkdir', ['-p', bin]);
    writeFileSync(join(bin, 'calico-probe'), `#!/bin/sh\nexec ${probe()} "$@"\n`);
    chmodSync(join(bin, 'calico-probe'), 0o755);
    const script = join(dir, '_calico-probe');
    writeFileSync(script, execFileSync(process.execPath, [CLI, 'completion', 'zsh']));
    const term = terminal(`PATH='${bin}':$PATH zsh -f`, 120, { ZDOTDIR: dir });
    term.keys(`autoload -Uz compinit && compinit -u -d '${dir}/zcompdump' && source '${script}' && echo loaded`, 'Enter');
    await term.waitFor(/^loaded$/m);
    term.keys('calico-probe watch ch', 'Tab');
    await term.waitFor(/calico-probe watch check ?$/m);
    term.keys('bird6-r', 'Tab');
    await term.waitFor(/calico-probe watch check bird6-ready ?$/m);
    term.keys('C-u', 'calico-probe pe', 'Tab');
    await term.waitFor(/calico-probe peers ?$/m);
  });
});
