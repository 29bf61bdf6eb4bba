// Incremental reader of one HTTP/1.x response, as Felix's Go server sends it to an HTTP/1.0
// request (Content-Length, or the body up to the close; chunked is read too, in case):
//   HTTP/1.0 503 Service Unavailable
//   Content-Type: text/plain; charset=utf-8
//
//   +---------------------------+---------+ …
// Pure: bytes in, a head and a capped body out. The socket lives in http.ts.

import { isDigit, isDigits } from '../util/text.ts';

export class HttpParseError extends Error {
  override name = 'HttpParseError';
}

export interface ResponseHead {
  status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Map<string, string>;
}

const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = '\r\n\r\n';
const CHUNK_SIZE = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/;

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };

export class ResponseReader {
  readonly #maxBodyBytes: number;
  #pending: Buffer = Buffer.alloc(0);
  #head: ResponseHead | undefined;
  #framing: Framing = { kind: 'close' };
  #body: Buffer[] = [];
  #bodyBytes = 0;
  #done = false;
  #truncated = false;

  constructor(maxBodyBytes: number) {
    this.#maxBodyBytes = maxBodyBytes;
  }

  get head(): ResponseHead | undefined {
    return this.#head;
  }

  /** The response is complete, or its body reached the cap (the rest is never read). */
  get done(): boolean {
    return this.#done;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  get body(): Buffer {
    return Buffer.concat(this.#body, this.#bodyBytes);
  }

  /**
   * Throws HttpParseError when the bytes are not an HTTP/1.x response. Keeps a copy of what it
   * needs: the caller may reuse `chunk` once this returns (a socket's read buffer).
   */
  push(chunk: Buffer): void {
    if (this.#done) return;
    this.#pending = this.#pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#pending, chunk]);
    if (this.#head === undefined && !this.#readHead()) return;
    this.#readBody();
  }

  /** The peer closed: true when that completes the response (a body delimited by the close). */
  end(): boolean {
    if (!this.#done && this.#head !== undefined && this.#framing.kind === 'close') this.#done = true;
    return this.#done;
  }

  #readHead(): boolean {
    const prefix = this.#pending.subarray(0, 5).toString('latin1');
    if (!'HTTP/'.startsWith(prefix)) throw new HttpParseError('the answer is not HTTP');
    for (;;) {
      const end = this.#pending.indexOf(HEAD_END);
      if (end === -1) {
        if (this.#pending.length > MAX_HEAD_BYTES) throw new HttpParseError(`response headers longer than ${MAX_HEAD_BYTES} bytes`);
        return false;
      }
      const head = parseHead(this.#pending.subarray(0, end).toString('latin1'));
      this.#pending = this.#pending.subarray(end + HEAD_END.length);
      if (head.status >= 200) return this.#start(head);
      // 1xx (100 Continue, 103 Early Hints) announce the real response: read on.
    }
  }

  #start(head: ResponseHead): true {
    this.#head = head;
    this.#framing = framingOf(head);
    if (this.#framing.kind === 'none' || (this.#framing.kind === 'length' && this.#framing.remaining === 0)) this.#done = true;
    return true;
  }

  #readBody(): void {
    if (this.#framing.kind === 'chunked') return this.#readChunks();
    const bytes = this.#pending;
    this.#pending = Buffer.alloc(0);
    if (this.#framing.kind === 'length') {
      const take = Math.min(bytes.length, this.#framing.remaining);
      this.#framing.remaining -= take;
      this.#append(bytes.subarray(0, take));
      if (this.#framing.remaining === 0) this.#done = true;
    } else {
      this.#append(bytes);
    }
  }

  #readChunks(): void {
    while (!this.#done) {
      const lineEnd = this.#pending.indexOf('\r\n');
      if (lineEnd === -1) {
        if (this.#pending.length > 1024) throw new HttpParseError('chunk size line too long');
        return;
      }
      const size = CHUNK_SIZE.exec(this.#pending.subarray(0, lineEnd).toString('latin1'));
      if (size === null) throw new HttpParseError('bad chunk size line');
      const length = Number.parseInt(size[1] as string, 16);
      if (length === 0) {
        this.#done = true; // trailers, if any, are not read
        return;
      }
      const start = lineEnd + 2;
      if (this.#pending.length < start + length + 2) return;
      this.#append(this.#pending.subarray(start, start + length));
      this.#pending = this.#pending.subarray(start + length + 2);
    }
  }

  /** Keeps at most maxBodyBytes; one byte more than that means the body was cut. */
  #append(bytes: Buffer): void {
    const room = this.#maxBodyBytes - this.#bodyBytes;
    if (bytes.length > room) {
      this.#truncated = true;
      this.#done = true;
    }
    const kept = bytes.subarray(0, Math.max(0, room));
    // Copy: a view would pin the whole socket chunk for the sake of part of it.
    if (kept.length > 0) this.#body.push(Buffer.from(kept));
    this.#bodyBytes += kept.length;
  }
}

function parseHead(text: string): ResponseHead {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const status = statusOf(statusLine);
  if (status === undefined) throw new HttpParseError('the answer is not HTTP');
  const headers = new Map<string, string>();
  for (const line of lines) {
    const header = headerOf(line);
    if (header === undefined) throw new HttpParseError('malformed response header');
    headers.set(header.name.toLowerCase(), header.value);
  }
  return { status, headers };
}

/** `HTTP/1.1 200 OK` → 200: HTTP/1.0 or 1.1, a three-digit code, then a reason or nothing. */
function statusOf(line: string): number | undefined {
  const code = line.slice(9, 12);
  const versionOk = line.startsWith('HTTP/1.0 ') || line.startsWith('HTTP/1.1 ');
  const restOk = line.length === 12 || (line[12] === ' ' && !line.includes('\r') && !line.includes('\n'));
  return versionOk && code.length === 3 && isDigits(code) && restOk ? Number(code) : undefined;
}

/**
 * `Name: value` (RFC 9110: a token, a colon, the value without the spaces and tabs around it),
 * read by hand: it runs for every header (util/text.ts says why).
 */
function headerOf(line: string): { name: string; value: string } | undefined {
  const colon = line.indexOf(':');
  const name = line.slice(0, Math.max(0, colon));
  if (!isToken(name)) return undefined;
  let start = colon + 1;
  let end = line.length;
  while (start < end && (line[start] === ' ' || line[start] === '\t')) start++;
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  const value = line.slice(start, end);
  return value.includes('\r') || value.includes('\n') ? undefined : { name, value };
}

const TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

function isToken(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!(isDigit(c) || letter || TOKEN_SYMBOLS.includes(text.charAt(i)))) return false;
  }
  return text !== '';
}

function framingOf({ status, headers }: ResponseHead): Framing {
  if (status === 204 || status === 304) return { kind: 'none' };
  const encoding = headers.get('transfer-encoding');
  if (encoding !== undefined && /(?:^|,)\s*chunked\s*$/i.test(encoding)) return { kind: 'chunked' };
  const length = headers.get('content-length');
  if (length === undefined) return { kind: 'close' };
  if (!isDigits(length, 15)) throw new HttpParseError('bad Content-Length');
  return { kind: 'length', remaining: Number(length) };
}
