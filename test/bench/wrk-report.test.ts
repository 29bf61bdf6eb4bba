// parseWrk on wrk's own output, captured from runs against calico-probe serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseWrk } from './wrk-report.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/wrk/${name}`, import.meta.url), 'utf8');

test('a healthy run: rate, percentiles in ms, no errors', () => {
  assert.deepEqual(parseWrk(fixture('readyz-healthy.txt')), {
    requests: 109584,
    seconds: 3.01,
    requestsPerSecond: 36454.41,
    p50Ms: 1.14,
    p99Ms: 13.41,
    non2xx: 0,
    socketErrors: 0,
  });
});

test('an unhealthy node: every answer counted as non-2xx', () => {
  const result = parseWrk(fixture('readyz-unhealthy.txt'));
  assert.deepEqual([result.requests, result.non2xx, result.p99Ms], [74964, 74964, 22.88]);
});

test('socket errors are summed; microseconds and seconds convert; missing --latency is an error', () => {
  const text = fixture('readyz-healthy.txt')
    .replace('     50%    1.14ms', '     50%  950.00us')
    .replace('     99%   13.41ms', '     99%    1.20s')
    .replace('Requests/sec:', '  Socket errors: connect 1, read 2, write 0, timeout 4\nRequests/sec:');
  const result = parseWrk(text);
  assert.deepEqual([result.p50Ms.toFixed(3), result.p99Ms, result.socketErrors], ['0.950', 1200, 7]);
  assert.throws(() => parseWrk(text.replace(/ {5}99%.*\n/, '')), /99% latency/);
});
