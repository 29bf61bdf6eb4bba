// Properties of the BIRD reply reader and parsers, 10,000 cases each: whatever bytes arrive, the
// outcome is a typed result or one of the module's typed errors (never a TypeError, RangeError or
// a hang), and bytes split into chunks at any boundaries read exactly like the whole.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  BirdParseError,
  BirdProtocolError,
  BirdReplyError,
  parseProtocols,
  parseProtocolsAll,
  parseStatus,
  ReplyReader,
  toCalicoPeer,
  type Reply,
} from '../../src/bird/index.ts';
import { FIXTURE_NAMES, fixtureBytes } from '../bird/fixtures.ts';
import { birdStream, chunked, corruptedTable, cuts, hostileBytes, protocolRow, protocolsReply, RUNS, sinceText } from './arbitraries.ts';

type Outcome = { banner: string | undefined; replies: Reply[] } | { error: string };

/** Feeds the chunks in order. On a protocol error only the error counts: replies that a whole-buffer push would lose are not compared. */
function read(chunks: Buffer[], opts = {}): Outcome {
  const reader = new ReplyReader(opts);
  const replies: Reply[] = [];
  try {
    for (const chunk of chunks) replies.push(...reader.push(chunk));
  } catch (error) {
    assert.ok(error instanceof BirdProtocolError, `untyped error: ${String(error)}`);
    return { error: `${error.reason}: ${error.message}` };
  }
  return { banner: reader.banner, replies };
}

function assertTypedReply(reply: Reply): void {
  assert.ok(Number.isInteger(reply.code) && reply.code >= 0 && reply.code <= 9999);
  assert.ok(reply.lines.length > 0);
  assert.equal(reply.lines.at(-1)?.code, reply.code);
  for (const line of reply.lines) assert.ok(Number.isInteger(line.code) && typeof line.text === 'string' && !line.text.includes('\n'));
}

const SMALL_CAPS = fc.constantFrom({}, { maxLineBytes: 16 }, { maxReplyBytes: 64 });

test('any bytes, split anywhere: the same replies or the same typed error as the whole buffer', () => {
  const bytes = fc.oneof(birdStream, hostileBytes);
  fc.assert(
    fc.property(
      bytes.chain((b) => fc.tuple(fc.constant(b), cuts(b.length), SMALL_CAPS)),
      ([b, points, caps]) => {
        const whole = read([b], caps);
        assert.deepEqual(read(chunked(b, points), caps), whole);
        if ('replies' in whole) whole.replies.forEach(assertTypedReply);
      },
    ),
    { numRuns: RUNS },
  );
});

test('every recorded reply, split anywhere, reads exactly like the whole file', () => {
  const files = FIXTURE_NAMES.map(fixtureBytes);
  const file = fc.integer({ min: 0, max: files.length - 1 }).map((i) => files[i] as Buffer);
  fc.assert(
    fc.property(
      file.chain((b) => fc.tuple(fc.constant(b), cuts(b.length))),
      ([b, points]) => {
        const whole = read([b]);
        assert.ok('replies' in whole && whole.replies.length > 0);
        assert.deepEqual(read(chunked(b, points)), whole);
      },
    ),
    { numRuns: RUNS },
  );
});

/** Runs `parse`; a throw must be one of the parsers' typed errors. */
function typedOrThrowsTyped<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    assert.ok(error instanceof BirdParseError || error instanceof BirdReplyError, `untyped error: ${String(error)}`);
    assert.ok(error.message.length > 0);
    return undefined;
  }
}

test('the parsers, on any framed reply or a corrupted table: a typed result or a typed parse error', () => {
  fc.assert(
    fc.property(fc.oneof(birdStream, corruptedTable), (b) => {
      const outcome = read([b]);
      for (const reply of 'replies' in outcome ? outcome.replies : []) {
        const rows = typedOrThrowsTyped(() => parseProtocols(reply));
        for (const row of rows ?? []) {
          assert.ok([row.name, row.proto, row.table, row.state, row.since, row.info, row.lastError].every((f) => typeof f === 'string'));
          const peer = toCalicoPeer(row);
          if (peer) assert.equal(isIP(peer.address), peer.family === 'ipv4' ? 4 : 6);
        }
        const status = typedOrThrowsTyped(() => parseStatus(reply));
        if (status) assert.equal(typeof status.state, 'string');
        const all = typedOrThrowsTyped(() => parseProtocolsAll(reply));
        if (all) assert.ok(all instanceof Map);
      }
    }),
    { numRuns: RUNS },
  );
});

test('a generated show protocols table, BIRD 1.6 or 2/3 layout, any time format, split anywhere: every row, in order, peers decoded', () => {
  const input = fc
    .tuple(fc.array(protocolRow, { maxLength: 25 }), fc.constantFrom('1.6', '2') as fc.Arbitrary<'1.6' | '2'>, sinceText)
    .chain(([rows, layout, since]) => {
      const bytes = protocolsReply(rows, layout, since);
      return fc.tuple(fc.constant(rows), fc.constant(bytes), cuts(bytes.length), fc.constant(since));
    });
  fc.assert(
    fc.property(input, ([rows, bytes, points, since]) => {
      const outcome = read(chunked(bytes, points));
      assert.ok('replies' in outcome && outcome.replies.length === 1, JSON.stringify(outcome));
      const parsed = parseProtocols(outcome.replies[0] as Reply);
      assert.deepEqual(
        parsed.map((r) => [r.name, r.proto, r.state, r.info]),
        rows.map((r) => [r.name, r.proto, r.state, r.info.replace(/\s+/g, ' ')]),
      );
      for (const row of parsed) assert.equal(row.since, since);
      for (const row of parsed) {
        const peer = toCalicoPeer(row);
        if (peer === null) continue;
        assert.ok(/^(Mesh|Node|Global)_/.test(row.name) && row.proto === 'BGP');
        assert.equal(isIP(peer.address), peer.family === 'ipv4' ? 4 : 6, row.name);
        assert.ok(peer.port === null || (peer.port >= 1 && peer.port <= 65535));
        assert.equal(peer.established, row.bgpState === 'Established');
      }
    }),
    { numRuns: RUNS },
  );
});
