// Availability per test: BIRD 2 missing stops only what needs BIRD 2, not the whole harness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harnessAvailability } from './availability.ts';

test('without BIRD 2, the harness is available to the tests that need only BIRD 1.6', () => {
  const saved = process.env.BIRD2_BIN;
  process.env.BIRD2_BIN = '/nonexistent/bird2';
  try {
    const all = harnessAvailability();
    assert.ok(!all.ok && all.reason.includes('BIRD 2 binary'), 'the harness test itself needs BIRD 2');
    const withoutBird2 = harnessAvailability({ bird2: false });
    assert.ok(withoutBird2.ok || !withoutBird2.reason.includes('BIRD 2'), JSON.stringify(withoutBird2));
  } finally {
    if (saved === undefined) delete process.env.BIRD2_BIN;
    else process.env.BIRD2_BIN = saved;
  }
});
