import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deadlineExitCode, exitCodeFor, nagiosCodeFor, overallStatus, runExitCode, usageExitCode } from '../../src/report/exit-codes.ts';
import type { CheckStatus } from '../../src/checks/types.ts';

const STATUSES: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];

// Every combination of two checks, exhaustively rather than sampled: the precedence of
// README, Exit status (fail over unknown over warn/pass) must hold for each pair.
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

test('run exit codes: the output picks the convention; a failed --textfile is a configuration error', () => {
  for (const status of STATUSES) {
    for (const output of ['text', 'json', 'prometheus'] as const) {
      assert.equal(runExitCode([status], output), exitCodeFor([status]), `${output} ${status}`);
      assert.equal(runExitCode([status], output, true), 2, `${output} ${status} + textfile`);
    }
    assert.equal(runExitCode([status], 'nagios'), nagiosCodeFor([status]), `nagios ${status}`);
    // UNKNOWN, unless a check is CRITICAL.
    assert.equal(runExitCode([status], 'nagios', true), status === 'fail' ? 2 : 3, `nagios ${status} + textfile`);
  }
});

test('usage errors exit 2, UNKNOWN (3) under nagios; the deadline is a failure, CRITICAL under nagios', () => {
  assert.deepEqual([usageExitCode(undefined), usageExitCode('text'), usageExitCode('json'), usageExitCode('nagios')], [2, 2, 2, 3]);
  assert.deepEqual([deadlineExitCode('text'), deadlineExitCode('prometheus'), deadlineExitCode('nagios')], [1, 1, 2]);
});
