// peers, watch and completion on the command line, parsed in-process; the completion scripts
// run by the real shells (bash always; zsh and fish where installed, always in CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { CommanderError } from 'commander';
import { completionScript } from '../../src/commands/completion/index.ts';
import { readEnv } from '../../src/cli/env.ts';
import { UsageError } from '../../src/util/usage-error.ts';
import { makeProgram, type Invocation } from '../../src/cli/program.ts';
import { need } from '../support/needs.ts';
import { shellMissing } from '../support/tmux.ts';

async function parse(argv: string[], vars: Record<string, string> = {}) {
  let invocation: Invocation | undefined;
  let out = '';
  let err = '';
  const program = makeProgram({
    env: readEnv(vars),
    stdoutIsTTY: false,
    writeOut: (t) => {
      out += t;
    },
    writeErr: (t) => {
      err += t;
    },
    invoke: (inv) => {
      invocation = inv;
    },
  });
  let error: unknown;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { invocation, out, err, error, program };
}

test('peers: sockets from --family, output text|json, a bad value is a usage error', async () => {
  const { invocation } = await parse(['peers', '--bird-socket', 'a.ctl', '--bird6-socket', 'b.ctl', '--timeout', '2s', '-o', 'json']);
  assert.equal(invocation?.kind, 'peers');
  if (invocation?.kind !== 'peers') return;
  assert.deepEqual(invocation.config.targets, [
    { daemon: 'bird', socket: 'a.ctl', optional: false },
    { daemon: 'bird6', socket: 'b.ctl', optional: true, shared: 'a.ctl' },
  ]);
  assert.deepEqual([invocation.config.timeoutMs, invocation.config.output], [2000, 'json']);
  assert.ok((await parse(['peers', '-o', 'nagios'])).error instanceof UsageError);
  assert.ok((await parse(['peers', '--timeout', '0'])).error instanceof UsageError);
});

test('shared options travel: before or after any command, accepted by every command', async () => {
  const before = await parse(['--bird-socket', 'a.ctl', '--timeout', '2s', 'peers', '--family', 'ipv4']);
  assert.ok(before.invocation?.kind === 'peers', String(before.error));
  assert.deepEqual(before.invocation.config.targets, [{ daemon: 'bird', socket: 'a.ctl', optional: false }]);
  assert.equal(before.invocation.config.timeoutMs, 2000);
  // Options peers does not use are accepted and ignored.
  const unused = await parse(['peers', '--service-dir', 'D', '--felix-url', 'http://x', '--nodename-file', 'N', '--threshold-time', '5s']);
  assert.ok(unused.invocation?.kind === 'peers', String(unused.error));
  const completion = await parse(['completion', 'bash', '--bird-socket', 'S', '--service-dir', 'D']);
  assert.ok(completion.invocation?.kind === 'completion', String(completion.error));
  const ready = await parse(['--bird-socket', 'S', 'ready', '--service-dir', 'D']);
  assert.ok(ready.invocation?.kind === 'probe', String(ready.error));
  assert.deepEqual([ready.invocation.config.birdSocket, ready.invocation.config.serviceDir], ['S', 'D']);
  const serve = await parse(['--felix-url', 'http://127.0.0.1:1', 'serve', '--bird6-socket', 'B6']);
  assert.ok(serve.invocation?.kind === 'serve', String(serve.error));
  assert.deepEqual([serve.invocation.config.ready.felixUrl, serve.invocation.config.ready.bird6Socket], ['http://127.0.0.1:1', 'B6']);
  const watch = await parse(['--nodename-file', 'N', 'watch', 'ready', '--count', '1']);
  assert.ok(watch.invocation?.kind === 'watch', String(watch.error));
  assert.equal(watch.invocation.config.probe.nodenameFile, 'N');
});

test('-v says which shared options a command ignores', async () => {
  const { err, invocation } = await parse(['--service-dir', 'D', 'peers', '-v', '--bird-socket', 'S']);
  assert.equal(invocation?.kind, 'peers');
  assert.equal(err, 'calico-probe: peers does not use --service-dir; ignoring it\n');
  assert.equal((await parse(['--service-dir', 'D', 'peers'])).err, '');
});

test('watch: the probe as its one-shot command would run it, plus thresholds', async () => {
  const { invocation } = await parse([
    'watch',
    'check',
    'bird-ready',
    'bird6-ready',
    '--period',
    '500ms',
    '--failure-threshold',
    '2',
    '--count',
    '5',
    '--timeout',
    '1s',
  ]);
  assert.equal(invocation?.kind, 'watch');
  if (invocation?.kind !== 'watch') return;
  const c = invocation.config;
  assert.deepEqual(
    [c.probe.checks, c.kind, c.periodMs, c.thresholds, c.count, c.probe.timeoutMs],
    [['bird-ready', 'bird6-ready'], 'ready', 500, { success: 1, failure: 2 }, 5, 1000],
  );
  const live = await parse(['watch', 'live']);
  assert.ok(live.invocation?.kind === 'watch' && live.invocation.config.kind === 'live' && live.invocation.config.count === null);
  assert.deepEqual(live.invocation?.kind === 'watch' && live.invocation.config.thresholds, { success: 1, failure: 3 });
  for (const bad of [
    ['watch', 'serve'],
    ['watch', 'ready', 'bird-ready'],
    ['watch', 'ready', '--count', '0'],
    ['watch', 'ready', '--success-threshold', '1.5'],
    ['watch', 'ready', '--period', '10ms'],
    ['watch', 'ready', '-o', 'nagios'],
    ['watch', 'check', 'bird-alive'],
  ]) {
    const { error } = await parse(bad);
    assert.ok(error instanceof UsageError && error.command === 'watch', bad.join(' '));
  }
});

test('every command has examples in --help, and help <command> shows the same', async () => {
  for (const command of ['live', 'ready', 'check', 'peers', 'watch', 'completion']) {
    const { out, error } = await parse([command, '--help']);
    assert.ok(error instanceof CommanderError && error.exitCode === 0, command);
    assert.match(out, /Examples:\n {2}\$ calico-probe /, command);
    assert.equal((await parse(['help', command])).out, out, `help ${command}`);
  }
  const top = await parse(['--help']);
  for (const command of ['peers', 'watch', 'completion', 'help']) assert.match(top.out, new RegExp(`^  ${command}\\b`, 'm'));
});

async function script(shell: 'bash' | 'zsh' | 'fish'): Promise<string> {
  return completionScript(shell, (await parse(['completion', shell])).program);
}

/** What bash's programmable completion offers for `line` (the last word is completed). */
function bashComplete(source: string, line: string): string[] {
  const out = execFileSync(
    'bash',
    [
      '-c',
      `${source}\nread -ra COMP_WORDS <<< "$1"; [[ $1 == *' ' ]] && COMP_WORDS+=(''); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _calico_probe; printf '%s\\n' "\${COMPREPLY[@]}"`,
      '_',
      line,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

test('bash completion: commands, check names, watch probes, option values', async () => {
  const source = await script('bash');
  assert.deepEqual(bashComplete(source, 'calico-probe '), [
    'live',
    'ready',
    'check',
    'peers',
    'watch',
    'completion',
    'serve',
    'cluster',
    'help',
  ]);
  assert.deepEqual(bashComplete(source, 'calico-probe check bird6'), ['bird6-live', 'bird6-ready']);
  assert.deepEqual(bashComplete(source, 'calico-probe watch '), ['live', 'ready', 'check']);
  assert.deepEqual(bashComplete(source, 'calico-probe watch ready '), []);
  assert.deepEqual(bashComplete(source, 'calico-probe watch check --period 2s felix'), ['felix-live', 'felix-ready']);
  assert.deepEqual(bashComplete(source, 'calico-probe ready --family '), ['ipv4', 'ipv6', 'dual', 'auto']);
  assert.deepEqual(bashComplete(source, 'calico-probe peers -o '), ['text', 'json']);
  assert.ok(bashComplete(source, 'calico-probe watch ready --').includes('--failure-threshold'));
  assert.deepEqual(bashComplete(source, 'calico-probe completion '), ['bash', 'zsh', 'fish']);
  assert.deepEqual(bashComplete(source, 'calico-probe cluster -o '), ['text', 'json']);
  assert.ok(bashComplete(source, 'calico-probe cluster --').includes('--prometheus'));
  assert.ok(bashComplete(source, 'calico-probe cluster --').includes('--stale-after'));
});

test('bash completion: shared options before the command, no repeated check names, the drop-in flags', async () => {
  const source = await script('bash');
  assert.deepEqual(bashComplete(source, 'calico-probe --bird-socket /x pe'), ['peers']);
  assert.deepEqual(bashComplete(source, 'calico-probe --family '), ['ipv4', 'ipv6', 'dual', 'auto']);
  assert.deepEqual(bashComplete(source, 'calico-probe --family dual check bird-ready bird'), ['bird-live', 'bird6-live', 'bird6-ready']);
  assert.deepEqual(bashComplete(source, 'calico-probe watch check felix-live felix'), ['felix-ready']);
  assert.ok(bashComplete(source, 'calico-probe peers --').includes('--service-dir'), 'every command takes the shared options');
  assert.ok(bashComplete(source, 'calico-probe completion bash --').includes('--bird-socket'));
  assert.deepEqual(bashComplete(source, 'calico-probe -felix-r'), ['-felix-ready']);
  const watchOptions = bashComplete(source, 'calico-probe watch ready --');
  assert.ok(!watchOptions.includes('--textfile'), 'watch does not take --textfile');
  assert.deepEqual(bashComplete(source, 'calico-probe watch ready -o '), ['text', 'json']);
});

function shellAvailable(t: { skip(reason: string): void }, shell: string): boolean {
  return need(t, shellMissing(shell));
}

test('fish completion: the same words, through fish itself', async (t) => {
  if (!shellAvailable(t, 'fish')) return;
  const source = await script('fish');
  const complete = (line: string) =>
    execFileSync('fish', ['-c', `${source}\ncomplete -C '${line}'`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0])
      .sort();
  assert.deepEqual(complete('calico-probe '), ['check', 'cluster', 'completion', 'help', 'live', 'peers', 'ready', 'serve', 'watch']);
  assert.deepEqual(complete('calico-probe watch '), ['check', 'live', 'ready']);
  assert.deepEqual(complete('calico-probe watch check bird6'), ['bird6-live', 'bird6-ready']);
  assert.deepEqual(complete('calico-probe ready --family '), ['auto', 'dual', 'ipv4', 'ipv6']);
  assert.deepEqual(complete('calico-probe check bird-ready bird6'), ['bird6-live', 'bird6-ready']);
  assert.deepEqual(complete('calico-probe check bird6-ready bird6'), ['bird6-live']);
  assert.deepEqual(complete('calico-probe --bird-socket /x pe'), ['peers']);
  assert.deepEqual(complete('calico-probe -felix-r'), ['-felix-ready']);
  assert.deepEqual(complete('calico-probe watch ready -o '), ['json', 'text']);
});

test('zsh completion parses (the interactive run is in tmux.test.ts)', async (t) => {
  if (!shellAvailable(t, 'zsh')) return;
  execFileSync('zsh', ['-n'], { input: await script('zsh') });
});
