// The response reader on the shapes of answer an HTTP/1.0 GET gets: Content-Length, a body up to
// the close, chunked (a server ignoring the request's version), 1xx first, and bytes split anywhere.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import test from 'node:test';
import fc from 'fast-check';
import { HttpParseError, ResponseReader } from '../../src/felix/http-response.ts';

const table = readFileSync(new URL('../fixtures/felix/reference-timed-out.txt', import.meta.url), 'utf8');

/** Feeds `chunks`, then the close unless the reader finished first. */
function read(chunks: Array<string | Buffer>, maxBodyBytes = 64 * 1024) {
  const reader = new ResponseReader(maxBodyBytes);
  for (const chunk of chunks) {
    reader.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'latin1'));
    if (reader.done) break;
  }
  const closedOk = reader.done || reader.end();
  return { reader, closedOk, body: reader.body.toString('utf8') };
}

const goAnswer = (status: string, body: string): string =>
  `HTTP/1.0 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nDate: Sat, 21 Nov 2026 20:00:00 GMT\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

test('Content-Length: done at the last byte, without waiting for the close', () => {
  const reader = new ResponseReader(64 * 1024);
  reader.push(Buffer.from(goAnswer('503 Service Unavailable', table)));
  assert.equal(reader.done, true);
  assert.equal(reader.head?.status, 503);
  assert.equal(reader.head?.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(reader.body.toString('utf8'), table);
  assert.equal(reader.truncated, false);
});

test('no Content-Length: the body runs to the close', () => {
  const { reader, closedOk, body } = read(['HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n', table.slice(0, 100), table.slice(100)]);
  assert.equal(closedOk, true);
  assert.equal(reader.head?.status, 200);
  assert.equal(body, table);
});

test('a close before Content-Length is reached is not a response', () => {
  const { reader, closedOk } = read(['HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n+------']);
  assert.equal(closedOk, false);
  assert.equal(reader.head?.status, 200, 'the head was read: the body was cut');
});

test('a close inside the head is not a response', () => {
  const { reader, closedOk } = read(['HTTP/1.1 200 OK\r\nContent-Le']);
  assert.equal(closedOk, false);
  assert.equal(reader.head, undefined);
});

test('chunked, with an extension and trailers', () => {
  const chunked = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n';
  const { reader, body } = read([chunked]);
  assert.equal(reader.done, true);
  assert.equal(body, 'hello, world');
});

test('1xx answers are skipped; 204 has no body', () => {
  const { reader, body } = read([
    'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 302 Found\r\nLocation: http://elsewhere/readiness\r\nContent-Length: 0\r\n\r\n',
  ]);
  assert.deepEqual(
    [reader.done, reader.head?.status, reader.head?.headers.get('location'), body],
    [true, 302, 'http://elsewhere/readiness', ''],
  );
  assert.equal(read(['HTTP/1.1 204 No Content\r\n\r\n']).reader.done, true);
});

test('the body is capped: one byte past the cap marks it truncated', () => {
  const exact = read([goAnswer('200 OK', 'x'.repeat(100))], 100);
  assert.deepEqual([exact.reader.truncated, exact.body.length], [false, 100]);
  const over = read([goAnswer('200 OK', 'x'.repeat(101))], 100);
  assert.deepEqual([over.reader.done, over.reader.truncated, over.body.length], [true, true, 100]);
  const closeDelimited = read(['HTTP/1.0 200 OK\r\n\r\n', 'y'.repeat(5000)], 1000);
  assert.deepEqual([closeDelimited.reader.done, closeDelimited.reader.truncated, closeDelimited.body.length], [true, true, 1000]);
});

test('not HTTP: refused at the first bytes that cannot start a status line', () => {
  const ssh = new ResponseReader(1000);
  assert.throws(() => ssh.push(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')), HttpParseError);
  const bird = new ResponseReader(1000);
  assert.throws(() => bird.push(Buffer.from('0001 BIRD 1.6.8 ready.\n')), /not HTTP/);
  assert.throws(() => new ResponseReader(1000).push(Buffer.from('HTTP/2 200\r\n\r\n')), /not HTTP/);
  assert.throws(() => new ResponseReader(1000).push(Buffer.from('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n')), /malformed response header/);
  assert.throws(() => new ResponseReader(1000).push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')), /bad Content-Length/);
  assert.throws(
    () => new ResponseReader(1000).push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')),
    /bad chunk size/,
  );
});

test('a head that never ends is cut at 16 KiB, not buffered forever', () => {
  const reader = new ResponseReader(1000);
  reader.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
  assert.throws(() => {
    for (let i = 0; i < 1000; i++) reader.push(Buffer.from(`X-Filler-${i}: ${'a'.repeat(40)}\r\n`));
  }, /response headers longer than 16384 bytes/);
});

test('bytes split anywhere read the same (Content-Length, close-delimited and chunked)', () => {
  const answers = [
    goAnswer('503 Service Unavailable', table),
    `HTTP/1.0 200 OK\r\n\r\n${table}`,
    `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(table).toString(16)}\r\n${table}\r\n0\r\n\r\n`,
  ];
  fc.assert(
    fc.property(fc.constantFrom(...answers), fc.array(fc.nat(), { maxLength: 12 }), (answer, cuts) => {
      const bytes = Buffer.from(answer, 'utf8');
      const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
      const chunks = [...points, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : points[i - 1], end));
      const { closedOk, body } = read(chunks);
      assert.equal(closedOk, true);
      assert.equal(body, table);
    }),
  );
});
