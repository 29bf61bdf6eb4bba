// Properties of runit's status readers, 10,000 cases each: `sv status` output of any shape gives
// a typed SvStatus and never throws; and any status runsv can write (supervise/status bytes),
// rendered as `sv status` prints it, parses back to the same state, pid, uptime and flags.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeSuperviseStatus, formatSvLine } from '../../src/runit/status-file.ts';
import { parseSvStatus } from '../../src/runit/sv-status.ts';
import { RUNS } from './arbitraries.ts';

const STATES = ['up', 'down', 'starting', 'stopping', 'failed', 'unknown'];
const SV_WORDS = ['run: ', 'down: ', 'finish: ', 'fail: ', 'warning: ', 'timeout: ', 'ok: ', 'kill: '];
const SV_CHARS = fc.constantFrom(...'/etc/service/bird: (pid 123) 45s, normally up want down got TERM paused; run: log:\n\r\t'.split(''));

/** Output from garbage to nearly what sv prints. */
const output = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.tuple(fc.constantFrom(...SV_WORDS), fc.string({ unit: SV_CHARS, maxLength: 120 })).map(([w, rest]) => w + rest),
);

test('any sv output: a typed status, never a throw', () => {
  fc.assert(
    fc.property(output, (text) => {
      const s = parseSvStatus(text);
      assert.ok(STATES.includes(s.state));
      assert.ok(s.pid === null || (Number.isSafeInteger(s.pid) && s.pid >= 0));
      assert.ok(s.uptimeSeconds === null || (Number.isSafeInteger(s.uptimeSeconds) && s.uptimeSeconds >= 0));
      assert.ok(s.want === null || s.want === 'up' || s.want === 'down');
      assert.ok(s.normallyUp === null || typeof s.normallyUp === 'boolean');
      assert.equal(typeof s.paused, 'boolean');
      assert.ok(!s.raw.includes('\n'));
      if (s.state === 'unknown') assert.ok((s.error ?? '').length > 0, 'an unknown state says why');
    }),
    { numRuns: RUNS },
  );
});

const NOW_S = 1_800_000_000;
const TAI_EPOCH = 2n ** 62n + 10n;

/** 20 bytes as runsv writes them: a process exists exactly when the state is run or finish. */
const superviseStatus = fc
  .record({
    state: fc.constantFrom(0, 1, 2),
    ageSeconds: fc.integer({ min: 0, max: 10 * 365 * 86400 }),
    nanos: fc.integer({ min: 0, max: 999_999_999 }),
    pid: fc.integer({ min: 1, max: 4_194_304 }),
    paused: fc.boolean(),
    want: fc.constantFrom('u', 'd'),
    gotTerm: fc.boolean(),
  })
  .map(({ state, ageSeconds, nanos, pid, paused, want, gotTerm }) => {
    const bytes = new Uint8Array(20);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, TAI_EPOCH + BigInt(NOW_S - ageSeconds));
    view.setUint32(8, nanos);
    view.setUint32(12, state === 0 ? 0 : pid, true);
    view.setUint8(16, paused ? 1 : 0);
    view.setUint8(17, want.charCodeAt(0));
    view.setUint8(18, gotTerm ? 1 : 0);
    view.setUint8(19, state);
    return bytes;
  });

const dir = fc.array(fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/), { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`);

test('what runsv writes, printed as sv prints it, parses back to the same status', () => {
  fc.assert(
    fc.property(superviseStatus, dir, fc.boolean(), (bytes, where, normallyUp) => {
      const decoded = decodeSuperviseStatus(bytes, NOW_S * 1000);
      assert.ok(decoded !== null);
      const line = formatSvLine(where, decoded, normallyUp);
      const parsed = parseSvStatus(`${line}\n`);
      assert.deepEqual(
        [parsed.state, parsed.pid, parsed.uptimeSeconds, parsed.want, parsed.normallyUp, parsed.paused, parsed.raw],
        [decoded.state, decoded.pid, decoded.uptimeSeconds, decoded.want, normallyUp, decoded.paused && decoded.pid !== null, line],
        line,
      );
    }),
    { numRuns: RUNS },
  );
});
