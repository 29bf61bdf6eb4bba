// -o npd's line: whatever the checks said, one printable line of at most 80 bytes, never a
// split character, naming the failing check first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { CheckResult } from '../../src/checks/types.ts';
import { npdLine, renderNpd } from '../../src/report/npd.ts';

const check = (status: CheckResult['status'], message: string): CheckResult => ({
  name: 'bird-ready',
  status,
  message,
  durationMs: 1,
  details: {},
  warnings: [],
  layers: [],
});

test('any message: one line, at most 80 bytes, valid UTF-8, the check named first', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<CheckResult['status']>('fail', 'unknown'),
      fc.string({ unit: 'grapheme', maxLength: 400 }),
      (status, message) => {
        const out = renderNpd([check(status, `BIRD is not ready: ${message}`)], { expected: null });
        const line = out.slice(0, -1);
        assert.ok(out.endsWith('\n') && !line.includes('\n'));
        assert.ok(Buffer.byteLength(line) <= 80, line);
        assert.equal(Buffer.from(line).toString('utf8'), line);
        assert.ok(!line.includes('\uFFFD') || message.includes('\uFFFD'));
        assert.match(line, status === 'fail' ? /^bird-ready:/ : /^unknown: bird-ready:/);
      },
    ),
  );
});

test('a cut never splits a character', () => {
  const line = npdLine(`bird-ready: ${'é'.repeat(60)}`);
  assert.ok(Buffer.byteLength(line) <= 80);
  assert.match(line, /^bird-ready: é+\.\.\.$/);
});
