// SingleFlight: one run shared by concurrent callers; results reused for the minimum interval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SingleFlight } from '../../../src/commands/serve/single-flight.ts';

function counter() {
  let now = 0;
  let runs = 0;
  const pending: Array<(v: number) => void> = [];
  const run = () =>
    new Promise<number>((resolve) => {
      runs += 1;
      pending.push(resolve);
    });
  return {
    clock: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    run,
    get runs() {
      return runs;
    },
    finish: (value: number) => pending.shift()?.(value),
  };
}

test('concurrent callers share the run in flight', async () => {
  const c = counter();
  const flight = new SingleFlight(c.run, 1000, c.clock);
  const waiting = Array.from({ length: 200 }, () => flight.get());
  assert.equal(c.runs, 1);
  assert.ok(flight.inFlight);
  c.finish(7);
  assert.deepEqual(new Set(await Promise.all(waiting)), new Set([7]));
  assert.equal(flight.inFlight, undefined);
  assert.equal(flight.last, 7);
});

test('a result younger than the interval is reused; an older one starts a new run', async () => {
  const c = counter();
  const flight = new SingleFlight(c.run, 1000, c.clock);
  const first = flight.get();
  c.advance(300); // the run's own duration does not count: age starts at completion
  c.finish(1);
  await first;
  c.advance(999);
  assert.equal(await flight.get(), 1);
  assert.equal(c.runs, 1);
  c.advance(1);
  const second = flight.get();
  assert.equal(c.runs, 2);
  assert.equal(flight.last, 1, 'the old result stays visible while the new run is in flight');
  c.finish(2);
  assert.equal(await second, 2);
});

test('interval 0: every call after a completed run starts a new one, still one at a time', async () => {
  const c = counter();
  const flight = new SingleFlight(c.run, 0, c.clock);
  const a = flight.get();
  const b = flight.get();
  c.finish(1);
  assert.deepEqual(await Promise.all([a, b]), [1, 1]);
  const next = flight.get();
  assert.equal(c.runs, 2);
  c.finish(2);
  assert.equal(await next, 2);
});

test('a rejected run reaches its waiters and does not stick', async () => {
  let calls = 0;
  const flight = new SingleFlight(async () => {
    calls += 1;
    if (calls === 1) throw new Error('boom');
    return 'ok';
  }, 1000);
  await assert.rejects(Promise.all([flight.get(), flight.get()]), /boom/);
  assert.equal(await flight.get(), 'ok');
  assert.equal(calls, 2);
});
