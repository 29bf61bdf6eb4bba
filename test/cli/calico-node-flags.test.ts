import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateCalicoNodeArgs } from '../../src/cli/calico-node-flags.ts';
import { UsageError } from '../../src/util/usage-error.ts';

const cases: Array<[string[], string[]]> = [
  [
    ['-felix-ready', '-bird-ready'],
    ['check', 'felix-ready', 'bird-ready'],
  ],
  [
    ['-bird-live', '-felix-live'],
    ['check', 'felix-live', 'bird-live'],
  ],
  [['--felix-ready'], ['check', 'felix-ready']],
  [
    ['-bird6-ready', '-threshold-time=30s'],
    ['check', 'bird6-ready', '--threshold-time', '30s'],
  ],
  [
    ['-bird-ready', '-threshold-time', '45s'],
    ['check', 'bird-ready', '--threshold-time', '45s'],
  ],
  [
    ['--threshold-time=1m', '-felix-live=true'],
    ['check', 'felix-live', '--threshold-time', '1m'],
  ],
  [
    ['-felix-ready', '-bird-ready=false'],
    ['check', 'felix-ready'],
  ],
  [
    ['-bird-ready', '--timeout', '3s', '-o', 'json'],
    ['check', 'bird-ready', '--timeout', '3s', '-o', 'json'],
  ],
  [
    ['-bird-ready', '-bird-ready=1'],
    ['check', 'bird-ready'],
  ],
];

for (const [input, expected] of cases) {
  test(`translates ${input.join(' ')}`, () => {
    assert.deepEqual(translateCalicoNodeArgs(input), expected);
  });
}

test('leaves calico-probe syntax alone', () => {
  assert.deepEqual(translateCalicoNodeArgs(['ready', '--threshold-time', '30s']), ['ready', '--threshold-time', '30s']);
  assert.deepEqual(translateCalicoNodeArgs(['check', 'felix-live', '-v']), ['check', 'felix-live', '-v']);
});

test('every health flag switched off is a usage error naming the flags', () => {
  assert.throws(
    () => translateCalicoNodeArgs(['-felix-live=false']),
    (e: unknown) => e instanceof UsageError && /must specify at least one of -felix-live/.test(e.message),
  );
});

test('a bad Go boolean and a missing threshold value are usage errors', () => {
  assert.throws(() => translateCalicoNodeArgs(['-bird-ready=maybe']), /invalid boolean value "maybe" for -bird-ready/);
  assert.throws(() => translateCalicoNodeArgs(['-bird-ready', '-threshold-time']), /flag needs an argument: -threshold-time/);
});
