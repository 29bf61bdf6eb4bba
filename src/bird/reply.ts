// Incremental framing of the BIRD control protocol (real replies: test/fixtures/bird/). Reads bytes like:
//   0001 BIRD 1.6.8 ready.
//   2002-name     proto    table    state  since       info
//    Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
import { isAscii } from 'node:buffer';
import { BirdProtocolError } from './errors.ts';

/** Continuation lines carry the code of the line they continue; text excludes code and separator. */
export interface ReplyLine {
  code: number;
  text: string;
}

/** One complete reply: code of the final line, and every line including the final one. */
export interface Reply {
  code: number;
  lines: ReplyLine[];
}

export interface ReplyReaderOptions {
  maxLineBytes?: number;
  maxReplyBytes?: number;
}

const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
export const DEFAULT_MAX_REPLY_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;
const BANNER_CODE = 1;

/** Longest slice of an offending line quoted in a message: the line itself may be huge. */
const QUOTE_MAX = 200;
const quote = (s: string): string => (s.length > QUOTE_MAX ? `${s.slice(0, QUOTE_MAX)}…` : s);

/**
 * Turns chunks, split anywhere, into replies. Lines are decoded only once complete, so a chunk
 * boundary inside a line or a multi-byte character changes nothing. After a throw the reader's
 * state is undefined; the connection it reads is to be dropped.
 */
export class ReplyReader {
  readonly #maxLineBytes: number;
  readonly #maxReplyBytes: number;
  #partial: Buffer[] = [];
  #partialBytes = 0;
  #lines: ReplyLine[] = [];
  #replyBytes = 0;
  #lastCode: number | undefined;
  #banner: string | undefined;
  #firstLine = true;

  constructor(opts: ReplyReaderOptions = {}) {
    this.#maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#maxReplyBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  }

  /** Lines received of the reply still in progress. */
  get pendingLines(): number {
    return this.#lines.length;
  }

  /** Text of the 0001 line BIRD sends on connect, once received. */
  get banner(): string | undefined {
    return this.#banner;
  }

  push(chunk: Buffer): Reply[] {
    const done: Reply[] = [];
    let start = 0;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last !== -1 && this.#partialBytes > 0) {
      const nl = chunk.indexOf(NEWLINE);
      this.#checkLineLength(this.#partialBytes + nl);
      const bytes = Buffer.concat([...this.#partial, chunk.subarray(0, nl)]);
      this.#partial = [];
      this.#partialBytes = 0;
      this.#take(bytes.toString('utf8'), bytes.length + 1, done);
      start = nl + 1;
    }
    if (last >= start) {
      // The chunk's whole lines at once. BIRD writes ASCII, and an ASCII run is one call to
      // decode, one byte per character, split at its newlines by V8 without a call per line:
      // a fifth to a third less CPU for a large reply read cold (BENCHMARKS.md, parser scale).
      if (isAscii(chunk.subarray(start, last))) {
        for (const text of chunk.toString('latin1', start, last).split('\n')) {
          this.#checkLineLength(text.length);
          this.#take(text, text.length + 1, done);
        }
      } else {
        for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1 && nl <= last; nl = chunk.indexOf(NEWLINE, start)) {
          this.#checkLineLength(nl - start);
          this.#take(chunk.toString('utf8', start, nl), nl - start + 1, done);
          start = nl + 1;
        }
      }
      start = last + 1;
    }
    if (start < chunk.length) {
      this.#checkLineLength(this.#partialBytes + chunk.length - start);
      // Copy: the caller may reuse the chunk (a socket's read buffer), and a view would pin all
      // of it for the sake of a few tail bytes.
      this.#partial.push(Buffer.from(chunk.subarray(start)));
      this.#partialBytes += chunk.length - start;
    }
    return done;
  }

  #take(text: string, size: number, done: Reply[]): void {
    const reply = this.#line(text, size);
    if (reply !== undefined) done.push(reply);
  }

  #checkLineLength(bytes: number): void {
    if (bytes > this.#maxLineBytes) {
      throw new BirdProtocolError('line-too-long', `BIRD sent a line longer than ${this.#maxLineBytes} bytes`);
    }
  }

  #line(text: string, size: number): Reply | undefined {
    this.#replyBytes += size;
    if (this.#replyBytes > this.#maxReplyBytes) {
      throw new BirdProtocolError('reply-too-large', `BIRD reply larger than ${this.#maxReplyBytes} bytes`);
    }
    const first = this.#firstLine;
    this.#firstLine = false;
    if (text.startsWith('+')) return undefined; // asynchronous message, not part of any reply

    let line: ReplyLine;
    let final = false;
    const code = replyCodeOf(text);
    if (code !== -1) {
      line = { code, text: text.slice(5) };
      final = text[4] === ' ';
    } else if (text.startsWith(' ') && this.#lastCode !== undefined) {
      line = { code: this.#lastCode, text: text.slice(1) };
    } else {
      throw new BirdProtocolError('malformed', `malformed line from BIRD: '${quote(text)}'`, text);
    }

    if (first && final && line.code === BANNER_CODE) {
      this.#banner = line.text;
      this.#replyBytes = 0;
      return undefined;
    }
    this.#lines.push(line);
    if (!final) {
      this.#lastCode = line.code;
      return undefined;
    }
    const reply: Reply = { code: line.code, lines: this.#lines };
    this.#lines = [];
    this.#replyBytes = 0;
    this.#lastCode = undefined;
    return reply;
  }
}

/**
 * `0001 BIRD 2.0.12 ready.`, `1002-Name …`: the four-digit code before ' ' (a reply's last line)
 * or '-', else -1. By hand, for every line: util/text.ts says why.
 */
function replyCodeOf(text: string): number {
  if (text.length < 5) return -1;
  let code = 0;
  for (let i = 0; i < 4; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    code = code * 10 + digit;
  }
  const separator = text[4];
  return separator === ' ' || separator === '-' ? code : -1;
}
