// runChecks: concurrency, stable order, the deadline, and a throwing check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig } from '../../src/cli/config.ts';
import { readEnv } from '../../src/cli/env.ts';
import { checkBudget, runChecks } from '../../src/checks/run.ts';
import type { Check, CheckName } from '../../src/checks/types.ts';

const config = buildConfig(
  { command: 'check', names: ['felix-ready', 'bird-ready', 'bird6-ready'] },
  { timeout: '1s' },
  readEnv({}),
  false,
);
/** The runner passes details through untouched: a fake check needs none of its own. */
const NO_DETAILS = {} as never;
const pass =
  (message: string, delayMs = 0): Check<never> =>
  async () => {
    await new Promise((r) => setTimeout(r, delayMs));
    return { status: 'pass', message, details: NO_DETAILS, warnings: [], layers: [] };
  };
const registry = (overrides: Partial<Record<CheckName, Check<never>>>) => ({
  'felix-live': pass('x'),
  'felix-ready': pass('x'),
  'bird-live': pass('x'),
  'bird6-live': pass('x'),
  'bird-ready': pass('x'),
  'bird6-ready': pass('x'),
  ...overrides,
});

test('checks run concurrently and come back in the configured order', async () => {
  const started = performance.now();
  const results = await runChecks(
    config,
    registry({ 'felix-ready': pass('slow', 150), 'bird-ready': pass('fast', 10), 'bird6-ready': pass('mid', 100) }),
    { budgetMs: 1000 },
  );
  assert.deepEqual(
    results.map((r) => [r.name, r.message]),
    [
      ['felix-ready', 'slow'],
      ['bird-ready', 'fast'],
      ['bird6-ready', 'mid'],
    ],
  );
  assert.ok(performance.now() - started < 300, 'not one after another');
  assert.ok((results[0]?.durationMs ?? 0) >= 140);
});

test('a check that ignores its signal is failed at the deadline, named', async () => {
  const never: Check<never> = () => new Promise(() => {});
  const started = performance.now();
  const results = await runChecks(config, registry({ 'bird-ready': never }), { budgetMs: 200 });
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 190 && elapsed < 400, `${elapsed}`);
  assert.equal(results[1]?.status, 'fail');
  assert.equal(results[1]?.message, 'BIRD is not ready: check did not finish within the 1s deadline');
  assert.equal(results[0]?.status, 'pass');
});

test('checks see their signal abort before the hard deadline', async () => {
  let abortedAt = 0;
  const started = performance.now();
  const listening: Check<never> = ({ signal }) =>
    new Promise((resolve) => {
      signal.addEventListener('abort', () => {
        abortedAt = performance.now() - started;
        resolve({ status: 'fail', message: 'my own timeout message', details: NO_DETAILS, warnings: [], layers: [] });
      });
    });
  const results = await runChecks(config, registry({ 'bird6-ready': listening }), { budgetMs: 500 });
  assert.equal(results[2]?.message, 'my own timeout message');
  assert.ok(abortedAt < 500 && abortedAt >= checkBudget(500) - 10, `${abortedAt}`);
});

test('a throwing check is unknown, as an internal error', async () => {
  const broken: Check<never> = async () => {
    throw new TypeError('boom');
  };
  const results = await runChecks(config, registry({ 'felix-ready': broken }), { budgetMs: 500 });
  assert.equal(results[0]?.status, 'unknown');
  assert.match(results[0]?.message ?? '', /^internal error: boom/);
});

test('an external signal cancels the run', async () => {
  const controller = new AbortController();
  const waits: Check<never> = ({ signal }) =>
    new Promise((resolve) =>
      signal.addEventListener('abort', () =>
        resolve({ status: 'fail', message: 'cancelled', details: NO_DETAILS, warnings: [], layers: [] }),
      ),
    );
  setTimeout(() => controller.abort(), 20);
  const results = await runChecks(config, registry({ 'felix-ready': waits }), { budgetMs: 5000, signal: controller.signal });
  assert.equal(results[0]?.message, 'cancelled');
});
