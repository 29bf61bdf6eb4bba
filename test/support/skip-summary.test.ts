// npm test's last line: how many tests were skipped, why, and the command that runs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryLine } from './skip-summary.ts';

test('the line: total, each reason once with its count, the command', () => {
  assert.equal(summaryLine(new Map(), false), 'calico-probe tests: nothing skipped');
  assert.equal(
    summaryLine(
      new Map([
        ['zsh is not installed', 1],
        ['integration: missing root', 40],
      ]),
      false,
    ),
    'calico-probe tests: 41 skipped: integration: missing root (40); zsh is not installed (1). To run them all: sudo npm test (as root on Debian it installs what it needs)',
  );
});

test('as the reporter of a real run, it is the last line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-skip-summary-'));
  try {
    const file = join(dir, 'a.test.mjs');
    writeFileSync(file, "import { test } from 'node:test';\ntest('runs', () => {});\ntest('skips', (t) => t.skip('no zsh here'));\n");
    const reporter = new URL('./skip-summary.ts', import.meta.url).href;
    // Without NODE_TEST_CONTEXT, which would make the child report to this runner instead.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = spawnSync(process.execPath, ['--test', '--test-reporter', reporter, '--test-reporter-destination', 'stdout', file], {
      encoding: 'utf8',
      env,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout.trimEnd().split('\n').at(-1) ?? '', /^calico-probe tests: 1 skipped: no zsh here \(1\)\. To run them all: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
