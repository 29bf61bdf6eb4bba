// Bad input through the built CLI: one error style (the reason, then the command's own --help),
// "did you mean" for command, check and option names, and hints for the usual slips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../support/run-cli.ts';

const cases: [string[], string][] = [
  [['ready', '--bogus'], "calico-probe: unknown option '--bogus'\nTry 'calico-probe ready --help' for more information.\n"],
  [
    ['peers', '--bird-sockt', 'x'],
    "calico-probe: unknown option '--bird-sockt' (did you mean \"--bird-socket\"?)\nTry 'calico-probe peers --help' for more information.\n",
  ],
  [
    ['check', 'bird-redy'],
    'calico-probe: unknown check "bird-redy" (did you mean "bird-ready"?): expected one of felix-live, felix-ready, bird-live, bird6-live, bird-ready, bird6-ready\n' +
      "Try 'calico-probe check --help' for more information.\n",
  ],
  [['redy'], "calico-probe: unknown command 'redy' (did you mean \"ready\"?)\nTry 'calico-probe --help' for more information.\n"],
  [['help', 'nosuch'], 'calico-probe: unknown command "nosuch"\nTry \'calico-probe --help\' for more information.\n'],
  [['help', 'peer'], 'calico-probe: unknown command "peer" (did you mean "peers"?)\nTry \'calico-probe --help\' for more information.\n'],
  [
    ['ready', '-felix-ready'],
    'calico-probe: "ready" cannot be combined with calico-node\'s flags (-felix-ready): use "calico-probe -felix-ready" or "calico-probe check <names...>"\n' +
      "Try 'calico-probe --help' for more information.\n",
  ],
  [
    ['ready', '--felix-url', '127.0.0.1:9099'],
    'calico-probe: invalid --felix-url "127.0.0.1:9099": not a valid URL (did you mean "http://127.0.0.1:9099"?)\n' +
      "Try 'calico-probe ready --help' for more information.\n",
  ],
  [
    ['live', '--felix-url', 'localhost:9099'],
    'calico-probe: invalid --felix-url "localhost:9099": not a valid URL (did you mean "http://localhost:9099"?)\n' +
      "Try 'calico-probe live --help' for more information.\n",
  ],
  [
    ['watch', 'ready', '--period', '1ms'],
    'calico-probe: invalid value "1ms" for --period: must be at least 100ms\nTry \'calico-probe watch --help\' for more information.\n',
  ],
];

for (const [args, stderr] of cases) {
  test(`usage error: calico-probe ${args.join(' ')}`, async () => {
    const run = await runCli(args);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, stderr);
  });
}
