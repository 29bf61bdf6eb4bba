import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import { decodeSuperviseStatus, formatSvLine } from '../../src/runit/status-file.ts';

const dir = new URL('../fixtures/runit/', import.meta.url);
const bin = (name: string): Buffer => readFileSync(new URL(`${name}.status.bin`, dir));
const line = (name: string): string => readFileSync(new URL(`${name}.txt`, dir), 'utf8').trim();
const capturedAtSeconds = Number(readFileSync(new URL('captured-at.txt', dir), 'utf8'));

// Every case capture.sh saved both the status bytes and sv's line for; the service name is what
// sv printed, and normallyUp is whether the service had a `down` file.
const CASES: Array<[name: string, service: string, normallyUp: boolean]> = [
  ['running', 'bird', true],
  ['paused', 'bird', true],
  ['down-normally-up', 'bird', true],
  ['running-normally-down', 'felix', false],
  ['down-file', 'felix', false],
  ['want-down', 'bird6', true],
  ['finish', 'node-services', true],
  ['crash-loop-down', 'confd6', true],
];

for (const [name, service, normallyUp] of CASES) {
  test(`supervise/status, captured: ${name} renders as sv printed it`, () => {
    const decodedAtChange = decodeSuperviseStatus(bin(name), 0);
    assert.ok(decodedAtChange, 'decodes');
    // Replay the capture at the moment sv ran: change time + the uptime sv printed.
    const uptime = Number(/ (\d+)s/.exec(line(name))?.[1]);
    const changedAtSecond = Math.floor(decodedAtChange.changedAtMs / 1000) * 1000;
    const decoded = decodeSuperviseStatus(bin(name), changedAtSecond + uptime * 1000 + 500);
    assert.ok(decoded);
    assert.equal(formatSvLine(service, decoded, normallyUp), line(name));
  });
}

test('supervise/status: TAI64N label is 2^62 + 10 + unix seconds (runit tai_now)', () => {
  for (const [name] of CASES) {
    const decoded = decodeSuperviseStatus(bin(name), 0);
    assert.ok(decoded);
    const seconds = decoded.changedAtMs / 1000;
    // capture.sh writes captured-at.txt first and finishes within seconds.
    assert.ok(seconds >= capturedAtSeconds - 1 && seconds <= capturedAtSeconds + 30, `${name}: ${seconds} vs ${capturedAtSeconds}`);
  }
});

test('supervise/status: fields', () => {
  const running = decodeSuperviseStatus(bin('running'), 0);
  assert.ok(running);
  assert.equal(running.state, 'up');
  assert.equal(running.word, 'run');
  assert.equal(running.pid, Number(/\(pid (\d+)\)/.exec(line('running'))?.[1]));
  assert.equal(running.want, 'up');
  assert.equal(running.paused, false);
  assert.equal(running.gotTerm, false);

  const wantDown = decodeSuperviseStatus(bin('want-down'), 0);
  assert.deepEqual([wantDown?.state, wantDown?.want, wantDown?.gotTerm], ['stopping', 'down', true]);
  const finish = decodeSuperviseStatus(bin('finish'), 0);
  assert.deepEqual([finish?.state, finish?.word], ['stopping', 'finish']);
  const down = decodeSuperviseStatus(bin('down-normally-up'), 0);
  assert.deepEqual([down?.state, down?.pid, down?.want], ['down', null, 'down']);
  // runsv gone: the file keeps the last state it wrote; supervise.ts must not trust it alone.
  assert.equal(decodeSuperviseStatus(bin('no-runsv'), 0)?.state, 'down');
});

test('supervise/status: uptime counts whole seconds from the injected clock, never negative', () => {
  const decoded = decodeSuperviseStatus(bin('running'), 0);
  assert.ok(decoded);
  const at = Math.floor(decoded.changedAtMs / 1000) * 1000;
  assert.equal(decodeSuperviseStatus(bin('running'), at + 4567_000 + 500)?.uptimeSeconds, 4567);
  assert.equal(decodeSuperviseStatus(bin('running'), at - 10_000)?.uptimeSeconds, 0);
});

test('supervise/status: anything but runit 20-byte status is null', () => {
  const good = bin('running');
  assert.equal(decodeSuperviseStatus(good.subarray(0, 18), 0), null, 'daemontools 18-byte format');
  assert.equal(decodeSuperviseStatus(Buffer.alloc(0), 0), null);
  assert.equal(decodeSuperviseStatus(Buffer.concat([good, Buffer.from([0])]), 0), null);
  const badState = Buffer.from(good);
  badState[19] = 3;
  assert.equal(decodeSuperviseStatus(badState, 0), null);
  const badWant = Buffer.from(good);
  badWant[17] = 0x78;
  assert.equal(decodeSuperviseStatus(badWant, 0), null);
});
