// Environment and input faults, part 1: bad variables and arguments are usage errors (exit 2)
// before anything is probed, and only when they matter; odd IP/IP6 values pick families
// sensibly. Part 2, the node's own files (nodename, runit state), is local-state.test.ts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startFakeBird, type FakeBird } from '../support/fake-bird.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import type { CliRun } from '../support/run-cli.ts';
import { healthy } from '../support/bird-standins.ts';
import { assertFault, nodenameFile, probe, tempDir, TIMEOUT } from './support.ts';

let felix: FelixStandin;
let bird: FakeBird;
let temp: Awaited<ReturnType<typeof tempDir>>;
let nodename = '';
/** Where the healthy stand-ins are, without --felix-url (see felix()) and without --timeout. */
let base: string[] = [];
let args: string[] = [];
const felixUrl = (): string[] => ['--felix-url', felix.url];

before(async () => {
  temp = await tempDir('cp-faults-env-');
  [felix, bird, nodename] = await Promise.all([
    startFelixStandin(),
    startFakeBird(healthy, join(temp.dir, 'bird.ctl')),
    nodenameFile(temp.dir),
  ]);
  base = ['--bird-socket', bird.path, '--bird6-socket', bird.path, '--nodename-file', nodename];
  args = ['--timeout', TIMEOUT, ...felixUrl(), ...base];
});
after(async () => {
  await Promise.all([felix.close(), bird.close()]);
  await temp.remove();
});

/** A usage error: exit 2, nothing on stdout, stderr's first line exactly `message`, nothing probed. */
async function assertUsage(argv: string[], message: string | RegExp, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const [requests, connections] = [felix.requests, bird.connections.length];
  const run = await probe(argv, { env });
  const label = `${argv.join(' ')} ${JSON.stringify(env)}\n--- stderr\n${run.stderr}`;
  assertFault(
    { ...run, firstLine: run.stderr.split('\n')[0] ?? '' },
    { code: 2, firstLine: typeof message === 'string' ? `calico-probe: ${message}` : message },
    label,
  );
  assert.equal(run.stdout, '', label);
  assert.deepEqual([felix.requests, bird.connections.length], [requests, connections], `${label}: nothing was probed`);
  return run;
}

describe('FELIX_HEALTHPORT and FELIX_HEALTHHOST', () => {
  for (const port of ['abc', '70000', '0', '-1', '9099x']) {
    test(`FELIX_HEALTHPORT=${port}: exit 2 when a Felix check runs, ignored when none does`, async () => {
      const env = { FELIX_HEALTHPORT: port };
      const bad = `invalid FELIX_HEALTHPORT "${port}": expected a port number from 1 to 65535`;
      const withoutUrl = ['--timeout', TIMEOUT, ...base];
      await assertUsage(['ready', ...withoutUrl], bad, env);
      await assertUsage(['-felix-live', '-bird-live', ...withoutUrl], bad, env);
      const birdOnly = await probe(['-bird-ready', ...withoutUrl], { env });
      assertFault(birdOnly, { code: 0, firstLine: 'calico/node is ready' });
    });
  }

  test('FELIX_HEALTHHOST that makes no URL: exit 2 naming it', async () => {
    const withoutUrl = ['--timeout', TIMEOUT, ...base];
    await assertUsage(
      ['check', 'felix-ready', ...withoutUrl],
      /^calico-probe: invalid FELIX_HEALTHHOST "http:\/\/felix host:9099": not a valid URL$/,
      { FELIX_HEALTHHOST: 'felix host' },
    );
  });
});

describe('arguments', () => {
  const cases: [string[], string | RegExp][] = [
    [['check', 'bird-readyy'], /^calico-probe: unknown check "bird-readyy" \(did you mean "bird-ready"\?\): expected one of felix-live, /],
    [['check'], /^calico-probe: missing required argument 'names'$/],
    [
      ['ready', '--timeout', 'soon'],
      'invalid value "soon" for --timeout: expected a duration such as 250ms, 4s, 1m30s or a number of seconds',
    ],
    [['ready', '--timeout', '0'], 'invalid value "0" for --timeout: must be greater than zero'],
    [
      ['ready', '--timeout', '-1s'],
      'invalid value "-1s" for --timeout: expected a duration such as 250ms, 4s, 1m30s or a number of seconds',
    ],
    [['ready', '--threshold-time', '5x'], /^calico-probe: invalid value "5x" for --threshold-time/],
    [['ready', '-q', '-v'], '--quiet and --verbose cannot be used together'],
    [['ready', '--family', 'ipv5'], /^calico-probe: option '--family <family>' argument 'ipv5' is invalid/],
    [['ready', '-o', 'yaml'], /^calico-probe: option '-o, --output <format>' argument 'yaml' is invalid/],
    [['ready', '--frobnicate'], /^calico-probe: unknown option '--frobnicate'/],
    [['-bird-ready=maybe'], 'invalid boolean value "maybe" for -bird-ready'],
    [['-bird-ready', '-threshold-time'], 'flag needs an argument: -threshold-time'],
    [['-bird-ready=false'], /^calico-probe: must specify at least one of -felix-live, /],
    [['ready', '--felix-url', 'https://localhost:9099'], /^calico-probe: invalid --felix-url "https:\/\/localhost:9099": only http:\/\//],
  ];
  for (const [argv, message] of cases) {
    test(`${argv.join(' ')}: exit 2 before any probing`, async () => {
      // The case's own options come last, so they win over the stand-ins' (commander: last wins).
      await assertUsage([argv[0] as string, ...felixUrl(), ...base, ...argv.slice(1)], message);
    });
  }
});

describe('IP and IP6 under --family auto', () => {
  const cases: [NodeJS.ProcessEnv, string[]][] = [
    [{}, ['felix-ready', 'bird-ready']],
    [{ IP: 'autodetect' }, ['felix-ready', 'bird-ready']],
    [{ IP: '10.0.0.1/24', IP6: 'fd00::1/64' }, ['felix-ready', 'bird-ready', 'bird6-ready']],
    [{ IP: 'NONE', IP6: 'autodetect' }, ['felix-ready', 'bird6-ready']],
    [{ IP: ' none ', IP6: ' None\n' }, ['felix-ready']],
    [{ IP: '', IP6: 'autodetect' }, ['felix-ready', 'bird6-ready']],
    [{ IP: '   ', IP6: '' }, ['felix-ready', 'bird-ready']],
    [{ IP: 'bogus', IP6: 'also bogus' }, ['felix-ready', 'bird-ready', 'bird6-ready']],
  ];
  for (const [env, checks] of cases) {
    test(`${JSON.stringify(env)} → ${checks.join(', ')}`, async () => {
      const run = await probe(['ready', ...args], { env });
      assertFault(run, { code: 0, firstLine: 'calico/node is ready' }, JSON.stringify(env));
      assert.deepEqual(
        run.stdout
          .split('\n')
          .slice(1, -1)
          .map((line) => line.split(' ')[0]),
        checks,
      );
    });
  }
});
