// The kubelet's threshold rule, as a table and as properties over random result sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initialState, step, type ProbeResult, type Thresholds } from '../../../src/commands/watch/machine.ts';

function states(kind: 'live' | 'ready', outcomes: ProbeResult[], thresholds: Thresholds): string {
  let s = initialState(kind);
  return outcomes
    .map((o) => {
      const { next, changed } = step(s, o, thresholds);
      s = next;
      return `${next.state === 'success' ? 'S' : 'F'}${changed ? '!' : ''}`;
    })
    .join(' ');
}
const seq = (text: string): ProbeResult[] => [...text].map((c) => (c === 's' ? 'success' : 'failure'));

test('readiness starts as failure, liveness as success (kubelet)', () => {
  assert.equal(initialState('ready').state, 'failure');
  assert.equal(initialState('live').state, 'success');
});

test('flips exactly at the threshold, and a different result resets the streak', () => {
  const t = { success: 1, failure: 3 };
  assert.equal(states('ready', seq('sffsfffs'), t), 'S! S S S S S F! S!');
  assert.equal(states('live', seq('ffsfff'), t), 'S S S S S F!');
  assert.equal(states('ready', seq('ssfss'), { success: 3, failure: 1 }), 'F F F F F');
  assert.equal(states('ready', seq('sssf'), { success: 3, failure: 1 }), 'F F S! F!');
});

test('property: the state changes only on a run whose streak equals its threshold', () => {
  const outcome = fc.constantFrom<ProbeResult>('success', 'failure');
  fc.assert(
    fc.property(
      fc.array(outcome, { maxLength: 60 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom<'live' | 'ready'>('live', 'ready'),
      (outcomes, success, failure, kind) => {
        const t = { success, failure };
        let s = initialState(kind);
        let run = 0;
        for (const o of outcomes) {
          const { next, changed } = step(s, o, t);
          const needed = o === 'success' ? success : failure;
          // The streak counts consecutive equal results, as the kubelet's resultRun does.
          let streak = 0;
          for (let i = run; i >= 0 && outcomes[i] === o; i--) streak++;
          assert.equal(next.streak, streak);
          if (changed) assert.equal(next.streak, needed);
          assert.equal(next.state, streak >= needed ? o : s.state);
          s = next;
          run++;
        }
        assert.equal(s.runs, outcomes.length);
      },
    ),
  );
});
