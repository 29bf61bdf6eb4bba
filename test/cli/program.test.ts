// The command line parsed in-process: what each invocation asks for, and how errors surface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { translateCalicoNodeArgs } from '../../src/cli/calico-node-flags.ts';
import { readEnv } from '../../src/cli/env.ts';
import { UsageError } from '../../src/util/usage-error.ts';
import { makeProgram, type Invocation } from '../../src/cli/program.ts';
import { requestedOutput } from '../../src/cli/requested-output.ts';

async function parse(argv: string[], vars: Record<string, string> = {}, probeOnly = false) {
  let invocation: Extract<Invocation, { kind: 'probe' }> | undefined;
  let out = '';
  let err = '';
  const program = makeProgram({
    env: readEnv(vars),
    stdoutIsTTY: false,
    probeOnly,
    writeOut: (t) => {
      out += t;
    },
    writeErr: (t) => {
      err += t;
    },
    invoke: (inv) => {
      if (inv.kind === 'probe') invocation = inv;
    },
  });
  let error: unknown;
  try {
    await program.parseAsync(translateCalicoNodeArgs(argv), { from: 'user' });
  } catch (e) {
    error = e;
  }
  return { invocation, out, err, error };
}

test('ready and live select the families --family asks for', async () => {
  assert.deepEqual((await parse(['ready'])).invocation?.config.checks, ['felix-ready', 'bird-ready']);
  assert.deepEqual((await parse(['live', '--family', 'dual'])).invocation?.config.checks, ['felix-live', 'bird-live', 'bird6-live']);
  assert.deepEqual((await parse(['ready'], { IP: 'none', IP6: 'autodetect' })).invocation?.config.checks, ['felix-ready', 'bird6-ready']);
});

test('the drop-in form equals the check form', async () => {
  const dropIn = await parse(['-felix-ready', '-bird-ready', '-threshold-time=45s']);
  const check = await parse(['check', 'felix-ready', 'bird-ready', '--threshold-time', '45s']);
  assert.deepEqual(dropIn.invocation, check.invocation);
  assert.equal(dropIn.invocation?.config.thresholdMs, 45_000);
});

test('every option reaches the config', async () => {
  const { invocation } = await parse([
    'check',
    'bird6-ready',
    '--felix-url',
    'http://[::1]:19099',
    '--bird-socket',
    'a.ctl',
    '--bird6-socket',
    'b.ctl',
    '--service-dir',
    'svc',
    '--nodename-file',
    'nn',
    '--threshold-time',
    '1m',
    '--timeout',
    '2500ms',
    '-o',
    'json',
    '--textfile',
    'x.prom',
    '-v',
    '--no-color',
  ]);
  const c = invocation?.config;
  assert.ok(c);
  assert.deepEqual(
    [c.birdSocket, c.bird6Socket, c.serviceDir, c.nodenameFile, c.thresholdMs, c.timeoutMs, c.output, c.textfile, c.verbose, c.color],
    ['a.ctl', 'b.ctl', 'svc', 'nn', 60_000, 2500, 'json', 'x.prom', true, false],
  );
});

test('usage errors: unknown option (commander), unknown check (config), each naming its command', async () => {
  const unknownOption = await parse(['ready', '--bogus']);
  assert.ok(unknownOption.error instanceof UsageError && unknownOption.error.command === 'ready');
  assert.match(unknownOption.error.message, /unknown option '--bogus'/);
  assert.equal(unknownOption.err, '', 'main.ts writes every usage error, in one style');
  const unknownCheck = await parse(['check', 'bird-alive']);
  assert.ok(unknownCheck.error instanceof UsageError && unknownCheck.error.command === 'check');
  assert.match(unknownCheck.error.message, /unknown check "bird-alive" \(did you mean "bird-live"\?\)/);
  const badOutput = await parse(['ready', '-o', 'xml']);
  assert.ok(badOutput.error instanceof UsageError);
  assert.match(badOutput.error.message, /xml/);
  const unknownCommand = await parse(['redy']);
  assert.ok(unknownCommand.error instanceof UsageError && unknownCommand.error.command === undefined);
  assert.match(unknownCommand.error.message, /unknown command 'redy' \(did you mean "ready"\?\)/);
});

test('help has examples and the exit-status table; --version answers', async () => {
  const help = await parse(['ready', '--help']);
  assert.ok(help.error instanceof CommanderError && help.error.exitCode === 0);
  assert.match(help.out, /Examples:/);
  assert.match(help.out, /Exit status:\n {2}0 {2}healthy/);
  assert.match((await parse(['--help'])).out, /Code cache:\n.*CALICO_PROBE_CACHE_DIR/s);
  for (const flag of [
    '--felix-url',
    '--bird-socket',
    '--bird6-socket',
    '--service-dir',
    '--nodename-file',
    '--threshold-time',
    '--timeout',
    '--family',
    '--output',
    '--textfile',
    '--quiet',
    '--verbose',
    '--no-color',
  ]) {
    assert.ok(help.out.includes(flag), flag);
  }
  const version = await parse(['--version']);
  assert.ok(version.error instanceof CommanderError && version.error.exitCode === 0);
  assert.match(version.out, /^(dev|\d+\.\d+\.\d+)\n$/);
});

test('the output format an argv asks for, read without commander (for usage errors under nagios)', () => {
  assert.equal(requestedOutput(['ready', '-o', 'nagios', '--bogus']), 'nagios');
  assert.equal(requestedOutput(['ready', '--output=nagios']), 'nagios');
  assert.equal(requestedOutput(['ready', '-onagios']), 'nagios');
  assert.equal(requestedOutput(['ready', '-o', 'json', '--output', 'nagios']), 'nagios', 'the last one wins');
  assert.equal(requestedOutput(['ready', '--timeout', 'soon']), undefined);
  assert.equal(requestedOutput(['ready', '--', '-o', 'nagios']), undefined);
});

test('probeOnly (what main.ts sets for live, ready and check) changes nothing a user sees', async () => {
  for (const argv of [
    ['ready'],
    ['live', '--family', 'dual', '-o', 'json'],
    ['-felix-live', '-bird-live'],
    ['check', 'bird-ready', '--timeout', '2s'],
    ['ready', '--help'],
    ['check', '--help'],
    ['live', '--bogus'],
    ['check', 'bird-redy'],
  ]) {
    const full = await parse(argv);
    const lean = await parse(argv, {}, true);
    assert.deepEqual(
      [lean.invocation, lean.out, lean.err, String(lean.error)],
      [full.invocation, full.out, full.err, String(full.error)],
      argv.join(' '),
    );
  }
  assert.match((await parse(['--help'])).out, /peers/, 'the full program still lists the SRE commands');
});
