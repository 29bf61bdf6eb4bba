// Usage errors under -o nagios, through the built CLI: Nagios reads only stdout and ranks bad
// arguments UNKNOWN (3), so that is what a typo in a command definition gives, not CRITICAL (2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.ts';

test('usage errors under -o nagios: UNKNOWN (3) with the reason on stdout', async () => {
  const cases: [string[], string][] = [
    [['ready', '-o', 'nagios', '--bogus'], "CALICO-PROBE UNKNOWN - unknown option '--bogus'\n"],
    [
      ['ready', '--output=nagios', '--timeout', 'soon'],
      'CALICO-PROBE UNKNOWN - invalid value "soon" for --timeout: expected a duration such as 250ms, 4s, 1m30s or a number of seconds\n',
    ],
    [['-felix-ready', '-bird-ready=maybe', '-o', 'nagios'], 'CALICO-PROBE UNKNOWN - invalid boolean value "maybe" for -bird-ready\n'],
    [
      ['check', 'bird-alive', '-onagios'],
      'CALICO-PROBE UNKNOWN - unknown check "bird-alive" (did you mean "bird-live"?): expected one of felix-live, felix-ready, bird-live, bird6-live, bird-ready, bird6-ready\n',
    ],
  ];
  for (const [args, stdout] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, 3, args.join(' '));
    assert.equal(run.stdout, stdout);
    assert.notEqual(run.stderr, '', 'the message is on stderr too, for a human');
  }
});

test('the same usage errors without nagios: exit 2, nothing on stdout', async () => {
  const run = await runCli(['ready', '-o', 'json', '--bogus']);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
});

test('--help under -o nagios still exits 0', async () => {
  const run = await runCli(['ready', '-o', 'nagios', '--help']);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /With --output nagios/);
});
