import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BirdProtocolError, ReplyReader } from '../../src/bird/index.ts';
import type { Reply } from '../../src/bird/index.ts';
import { FIXTURE_NAMES, fixtureBytes, fixtureReply, readFixture } from './fixtures.ts';

// Final codes of each reply, by fixture; every fixture must be listed, so a new one gets checked.
const FINAL_CODES: Record<string, number[]> = {};
for (const prefix of ['1.6/bird-', '1.6/bird6-', '2/', '3/']) {
  for (const scenario of [
    'established',
    'all-established',
    'mixed',
    'all-mixed',
    'peer-gr',
    'all-peer-gr',
    'gr-recovery',
    'all-gr-recovery',
    'no-bgp',
  ]) {
    FINAL_CODES[`${prefix}show-protocols-${scenario}.txt`] = [0];
  }
  FINAL_CODES[`${prefix}show-status.txt`] = [13];
  FINAL_CODES[`${prefix}show-status-gr-recovery.txt`] = [13];
  FINAL_CODES[`${prefix}session-protocols-status.txt`] = [0, 13];
  FINAL_CODES[`${prefix}show-protocols-no-match.txt`] = [8003];
  FINAL_CODES[`${prefix}show-protocols-unknown-name.txt`] = [prefix.startsWith('1.6/') ? 9002 : 9001];
  FINAL_CODES[`${prefix}unknown-command.txt`] = [9001];
}

/** Deterministic chunk sizes, so a failure can be replayed. */
function* chunkSizes(seed: number, max: number): Generator<number> {
  let s = seed >>> 0;
  for (;;) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    yield 1 + ((((t ^ (t >>> 14)) >>> 0) % max) >>> 0);
  }
}

function pushInChunks(bytes: Buffer, sizes: Iterator<number>): { banner: string | undefined; replies: Reply[] } {
  const reader = new ReplyReader();
  const replies: Reply[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = sizes.next().value as number;
    replies.push(...reader.push(bytes.subarray(at, at + size)));
    at += size;
  }
  return { banner: reader.banner, replies };
}

test('every fixture frames into the expected replies, banner consumed, nothing left over', () => {
  assert.deepEqual(Object.keys(FINAL_CODES).sort(), [...FIXTURE_NAMES].sort());
  for (const name of FIXTURE_NAMES) {
    const { banner, replies, pendingLines } = readFixture(name);
    assert.match(banner ?? '', /^BIRD (1\.6\.8|2\.0\.12|3\.3\.2) ready\.$/, name);
    assert.deepEqual(
      replies.map((r) => r.code),
      FINAL_CODES[name],
      name,
    );
    assert.equal(pendingLines, 0, name);
    const lineCount = fixtureBytes(name).toString().split('\n').length - 2; // minus banner and the tail after the last \n
    assert.equal(
      replies.reduce((n, r) => n + r.lines.length, 0),
      lineCount,
      name,
    );
    for (const reply of replies) assert.equal(reply.lines.at(-1)?.code, reply.code, name);
  }
});

test('continuation lines take the code of the line they continue, without the leading space', () => {
  const reply = fixtureReply('1.6/bird-show-protocols-established.txt');
  assert.deepEqual(
    reply.lines.map((l) => l.code),
    [2002, 1002, 1002, 1002, 1002, 1002, 1002, 1002, 1002, 0],
  );
  assert.equal(reply.lines[0]?.text, 'name     proto    table    state  since       info');
  assert.match(reply.lines[1]?.text ?? '', /^kernel1 {2}Kernel {3}master {3}up {5}\d\d:\d\d:\d\d {4}$/);
  assert.match(reply.lines[4]?.text ?? '', /^Mesh_10_77_0_2 BGP {6}master {3}up {5}\d\d:\d\d:\d\d {4}Established {3}$/);
  assert.deepEqual(reply.lines.at(-1), { code: 0, text: '' });
});

test('a new code inside a reply starts a new run of continuations (1002 row, 1006 details)', () => {
  const reply = fixtureReply('2/show-protocols-all-established.txt');
  const codes = reply.lines.map((l) => l.code);
  assert.equal(codes.filter((c) => c === 1002).length, 14);
  assert.equal(codes.filter((c) => c === 1006).length, reply.lines.length - 14 - 2);
  // BIRD 2 writes an empty detail block for device1 as a bare `1006-`.
  assert.deepEqual(reply.lines[2], { code: 1006, text: '' });
  const neighborGr = reply.lines.find((l) => l.text.includes('Graceful restart'));
  assert.equal(neighborGr?.code, 1006);
});

test('an 8xxx or 9xxx single line is a complete reply', () => {
  assert.deepEqual(fixtureReply('2/show-protocols-no-match.txt'), {
    code: 8003,
    lines: [{ code: 8003, text: 'No protocols match' }],
  });
  assert.deepEqual(fixtureReply('1.6/bird-unknown-command.txt'), { code: 9001, lines: [{ code: 9001, text: 'syntax error' }] });
});

test('chunks split anywhere, even one byte at a time, parse exactly like the whole buffer', () => {
  for (const name of FIXTURE_NAMES) {
    const bytes = fixtureBytes(name);
    const whole = readFixture(name);
    const expected = { banner: whole.banner, replies: whole.replies };
    assert.deepEqual(pushInChunks(bytes, chunkSizes(0, 1)), expected, `${name}, 1-byte chunks`);
    for (let seed = 1; seed <= 8; seed++) {
      assert.deepEqual(pushInChunks(bytes, chunkSizes(seed, 7)), expected, `${name}, seed ${seed}, up to 7`);
      assert.deepEqual(pushInChunks(bytes, chunkSizes(seed, 700)), expected, `${name}, seed ${seed}, up to 700`);
    }
  }
});

test('a chunk boundary inside a multi-byte character changes nothing', () => {
  const bytes = Buffer.from('0001 BIRD 2.0.12 ready.\n1006-  Description:    Pär → ToR ✓\n0000 \n');
  const expected = [
    {
      code: 0,
      lines: [
        { code: 1006, text: '  Description:    Pär → ToR ✓' },
        { code: 0, text: '' },
      ],
    },
  ];
  assert.deepEqual(pushInChunks(bytes, chunkSizes(0, 1)).replies, expected);
  assert.deepEqual(new ReplyReader().push(bytes), expected);
});

test('asynchronous + lines are skipped', () => {
  const original = fixtureBytes('1.6/bird-show-protocols-established.txt');
  const cut = original.indexOf('\n', original.indexOf('\n', original.indexOf('\n') + 1) + 1) + 1;
  const withAsync = Buffer.concat([original.subarray(0, cut), Buffer.from('+Reconfigured\n'), original.subarray(cut)]);
  assert.deepEqual(new ReplyReader().push(withAsync), readFixture('1.6/bird-show-protocols-established.txt').replies);
});

test('the banner is only the very first line; pendingLines counts the reply in progress', () => {
  const bytes = fixtureBytes('1.6/bird-show-protocols-established.txt');
  const reader = new ReplyReader();
  assert.equal(reader.banner, undefined);
  const thirdLineEnd = bytes.indexOf('\n', bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1) + 1;
  assert.deepEqual(reader.push(bytes.subarray(0, thirdLineEnd + 3)), []);
  assert.equal(reader.banner, 'BIRD 1.6.8 ready.');
  assert.equal(reader.pendingLines, 2);

  const refused = new ReplyReader();
  assert.deepEqual(refused.push(Buffer.from('8007 Access denied\n0001 BIRD 1.6.8 ready.\n')), [
    { code: 8007, lines: [{ code: 8007, text: 'Access denied' }] },
    { code: 1, lines: [{ code: 1, text: 'BIRD 1.6.8 ready.' }] },
  ]);
  assert.equal(refused.banner, undefined);
});

test('a line of any other shape is a protocol error naming the line', () => {
  const cases = [
    'hello world\n',
    '123 short code\n',
    '12345 long code\n',
    '0000\n', // a final line needs its space
    '\n',
    ' continuation of nothing\n',
    '0000 \n continuation after a final line\n',
    '1002-row\r\n\n', // \r is kept in the text, the empty line after it is not a line
  ];
  for (const text of cases) {
    const reader = new ReplyReader();
    assert.throws(
      () => reader.push(Buffer.from(`0001 BIRD 1.6.8 ready.\n${text}`)),
      (err: unknown) => err instanceof BirdProtocolError && err.reason === 'malformed' && /^malformed line from BIRD: '/.test(err.message),
      JSON.stringify(text),
    );
  }
});

test('an over-long line is refused before its newline arrives', () => {
  const reader = new ReplyReader({ maxLineBytes: 100 });
  reader.push(Buffer.from(`0001 BIRD 1.6.8 ready.\n${'1'.repeat(100)}`.slice(0, 23 + 60)));
  assert.throws(
    () => reader.push(Buffer.from('x'.repeat(41))),
    (err: unknown) => err instanceof BirdProtocolError && err.reason === 'line-too-long',
  );
  const exact = new ReplyReader({ maxLineBytes: 100 });
  assert.equal(exact.push(Buffer.from(`0000 ${'x'.repeat(95)}\n`)).length, 1);
});

test('the reply cap counts each reply on its own', () => {
  const all = fixtureBytes('1.6/bird-show-protocols-all-established.txt');
  assert.throws(
    () => new ReplyReader({ maxReplyBytes: 1000 }).push(all),
    (err: unknown) => err instanceof BirdProtocolError && err.reason === 'reply-too-large',
  );
  const session = fixtureBytes('1.6/bird-session-protocols-status.txt');
  assert.ok(session.length > 650);
  assert.equal(new ReplyReader({ maxReplyBytes: 650 }).push(session).length, 2);
});
