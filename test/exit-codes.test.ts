import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeFor, nagiosCodeFor, overallStatus } from '../src/exit-codes.ts';
import type { CheckStatus } from '../src/types.ts';

const STATUSES: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];

// Every combination of two checks: the exhaustive table style.md asks for.
test('exit codes for every pair of statuses', () => {
  const expected = (set: Set<CheckStatus>) => (set.has('fail') ? 1 : set.has('unknown') ? 3 : 0);
  const nagios = (set: Set<CheckStatus>) => (set.has('fail') ? 2 : set.has('unknown') ? 3 : set.has('warn') ? 1 : 0);
  for (const a of STATUSES) {
    for (const b of STATUSES) {
      const set = new Set([a, b]);
      assert.equal(exitCodeFor([a, b]), expected(set), `${a}+${b}`);
      assert.equal(nagiosCodeFor([a, b]), nagios(set), `nagios ${a}+${b}`);
    }
  }
});

test('overall status ranks fail, unknown, warn, pass', () => {
  assert.equal(overallStatus([]), 'pass');
  assert.equal(overallStatus(['warn', 'pass']), 'warn');
  assert.equal(overallStatus(['unknown', 'warn']), 'unknown');
  assert.equal(overallStatus(['unknown', 'fail']), 'fail');
});
