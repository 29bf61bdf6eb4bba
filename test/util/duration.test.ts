import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/util/duration.ts';

test('parses the forms README, Options, documents (250ms, 4s, 1m30s, bare seconds)', () => {
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('4s'), 4000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('30'), 30_000);
  assert.equal(parseDuration('1.5'), 1500);
  assert.equal(parseDuration('0.5s'), 500);
});

test('rejects what is not a duration', () => {
  for (const bad of ['', 'abc', '4x', '-1s', '1m30', 's', '4 s', '1.2.3s', '10sec']) {
    assert.equal(parseDuration(bad), undefined, bad);
  }
});

test('formats durations for messages', () => {
  assert.equal(formatDuration(250), '250ms');
  assert.equal(formatDuration(4000), '4s');
  assert.equal(formatDuration(1500), '1.5s');
  assert.equal(formatDuration(59_940), '59.9s');
  assert.equal(formatDuration(600_000), '10m0s');
  assert.equal(formatDuration(600_600), '10m1s');
  assert.equal(formatDuration(3_723_000), '1h2m3s');
  for (const ms of [90_000, 600_000, 3_723_000]) assert.equal(parseDuration(formatDuration(ms)), ms, 'reads back as a duration option');
});
