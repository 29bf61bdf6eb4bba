// One open BIRD control connection: connect, the banner, then one batch of commands at a
// time, each read to its final line (a code followed by a space, see reply.ts). queryBird opens a link per call;
// BirdConnection keeps one open across calls. Any failure closes the link for good.
import { stat } from 'node:fs';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { BirdError, BirdProtocolError } from './errors.ts';
import type { BirdErrorKind } from './errors.ts';
import { DEFAULT_MAX_REPLY_BYTES, ReplyReader } from './reply.ts';
import type { Reply } from './reply.ts';
import { describeProgress, firstLine, lineBreakIn, type LinkStage } from './link-text.ts';
import { connectError, notASocket, pathTooLong } from './socket-errors.ts';
import { readsInto } from '../util/socket-reads.ts';

export { lineBreakIn };

/** The wait in progress: opening (resolves with the link) or a batch (with its replies). */
interface Waiter {
  signal: AbortSignal;
  onAbort(): void;
  resolve(value: unknown): void;
  reject(error: BirdError): void;
  commands: string[];
  replies: Reply[];
}

/**
 * The first command on every connection: from then on BIRD refuses, for this session, every
 * command that could change it (`0016 Access restricted`; README, "BIRD support"). Sent in the same
 * write as the first batch, so it costs no round trip.
 */
export const RESTRICT = 'restrict';

/** How BIRD answered `restrict`: `0016 Access restricted`, or an older BIRD's `9001 syntax error`. */
export interface Restriction {
  restricted: boolean;
  /** The final line of the reply, as BIRD wrote it. */
  reply: string;
}

// A reset after connecting is BIRD going away mid-reply, like an early EOF.
const CUT_ERRNOS = new Set(['ECONNRESET', 'EPIPE']);

export class BirdLink {
  readonly path: string;
  readonly #reader: ReplyReader;
  readonly #maxBytes: number;
  #socket: Socket | undefined;
  #stage: LinkStage = 'connecting';
  /** Bytes since the last batch completed; the banner counts towards the first batch. */
  #received = 0;
  #batches = 0;
  #waiter: Waiter | undefined;
  #closed = false;
  #restrictAsked = false;
  #restriction: Restriction | undefined;

  private constructor(path: string, maxReplyBytes: number) {
    this.path = path;
    this.#maxBytes = maxReplyBytes;
    this.#reader = new ReplyReader({ maxReplyBytes });
  }

  /** Connects to the socket at `path` (and no other path) and resolves once BIRD sent its banner. */
  static open(path: string, opts: { signal: AbortSignal; maxReplyBytes?: number }): Promise<BirdLink> {
    const link = new BirdLink(path, opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
    const opened = link.#wait(opts.signal, []) as Promise<unknown> as Promise<BirdLink>;
    const tooLong = pathTooLong(path);
    if (tooLong !== undefined) link.#fail(tooLong);
    else if (opts.signal.aborted) link.#waiter?.onAbort();
    else link.#connect();
    return opened;
  }

  get banner(): string | undefined {
    return this.#reader.banner;
  }

  /** How BIRD answered `restrict`, once the first batch is in. */
  get restriction(): Restriction | undefined {
    return this.#restriction;
  }

  /** Open, idle and still wanted: a new batch may be asked. */
  get usable(): boolean {
    return !this.#closed && this.#waiter === undefined && this.banner !== undefined;
  }

  /**
   * Sends `commands` and resolves with one reply per command. 8xxx/9xxx replies are replies,
   * not errors: the parsers judge them. Rejects with a BirdError and closes the link otherwise.
   * The first batch on a link is preceded by `restrict`, whose reply is kept as `restriction`.
   */
  ask(commands: string[], signal: AbortSignal): Promise<Reply[]> {
    const bad = lineBreakIn(commands);
    if (bad !== undefined) return Promise.reject(bad);
    if (!this.usable) return Promise.reject(new TypeError(`BIRD link to ${this.path} is busy or closed`));
    if (commands.length === 0) return Promise.resolve([]);
    const restrict = !this.#restrictAsked;
    this.#restrictAsked = true;
    const wire = restrict ? [RESTRICT, ...commands] : commands;
    const replies = this.#wait(signal, wire) as Promise<Reply[]>;
    this.#batches += 1;
    if (signal.aborted) this.#waiter?.onAbort();
    // All at once, without half-closing: BIRD answers in order, but drops a client that
    // shuts down its write side before the replies are out.
    else this.#socket?.write(wire.map((c) => `${c}\n`).join(''));
    if (!restrict) return replies;
    return replies.then(([answer, ...rest]) => {
      this.#restriction = restrictionOf(answer);
      return rest;
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket?.destroy();
  }

  /** Done with, but not closed: the process's exit closes the socket (query.ts, leaveOpen). */
  leave(): void {
    this.#closed = true;
    this.#socket?.unref();
  }

  #wait(signal: AbortSignal, commands: string[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void =>
        this.#fail(
          this.#error('timeout', `no reply from BIRD socket ${this.path} within the deadline (${this.#progress()})`, signal.reason),
        );
      this.#waiter = { signal, onAbort, resolve, reject, commands, replies: [] };
      signal.addEventListener('abort', onAbort);
    });
  }

  /** Ends the current wait, if any; the link itself stays as it is. */
  #settle(): Waiter | undefined {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.signal.removeEventListener('abort', waiter.onAbort);
    return waiter;
  }

  #fail(error: BirdError): void {
    const waiter = this.#settle();
    this.close();
    waiter?.reject(error);
  }

  #connect(): void {
    const socket = createConnection({ path: this.path, onread: readsInto((chunk) => this.#onData(chunk)) });
    this.#socket = socket;
    socket.on('connect', () => (this.#stage = 'connected'));
    socket.on('end', () => this.#onClose());
    socket.on('close', () => this.#onClose());
    socket.on('error', (err: NodeJS.ErrnoException) => this.#onError(err));
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    const hadBanner = this.banner !== undefined;
    this.#received += chunk.length;
    let complete: Reply[];
    try {
      if (this.#received > this.#maxBytes) throw new BirdProtocolError('reply-too-large', `BIRD reply larger than ${this.#maxBytes} bytes`);
      complete = this.#reader.push(chunk);
    } catch (err) {
      if (!(err instanceof BirdProtocolError)) throw err;
      const kind = err.reason === 'reply-too-large' ? 'too-large' : 'protocol';
      return this.#fail(this.#error(kind, `bad reply from BIRD socket ${this.path}: ${err.message}`, err));
    }
    const waiter = this.#waiter;
    if (complete.length > 0 && (!hadBanner || waiter === undefined || waiter.commands.length === 0)) return this.#unasked(complete);
    if (!hadBanner && this.banner !== undefined) return void this.#settle()?.resolve(this);
    if (this.banner === undefined || waiter === undefined) return;
    waiter.replies.push(...complete);
    if (waiter.replies.length < waiter.commands.length) return;
    this.#received = 0;
    this.#settle();
    // More replies than commands: the conversation is out of step; never reuse it.
    if (waiter.replies.length > waiter.commands.length) this.close();
    waiter.resolve(waiter.replies.slice(0, waiter.commands.length));
  }

  /** Replies nobody asked for: not BIRD, or not a conversation we can follow. */
  #unasked(complete: Reply[]): void {
    const when = this.banner === undefined ? 'instead of its banner' : this.#batches === 0 ? 'before any command' : 'without being asked';
    this.#fail(this.#error('protocol', `BIRD socket ${this.path} sent '${firstLine(complete)}' ${when}`));
  }

  #onClose(): void {
    if (this.#stage === 'checking the path') return; // a failed connect, being explained
    const waiter = this.#waiter;
    if (waiter === undefined) return this.close();
    const what =
      this.banner === undefined
        ? 'before sending its banner'
        : `before the end of the reply to '${waiter.commands[waiter.replies.length]}'`;
    this.#fail(this.#error('truncated', `BIRD closed the connection ${what} (socket ${this.path}, ${this.#progress()})`));
  }

  #onError(err: NodeJS.ErrnoException): void {
    if (this.#stage !== 'connected') return this.#explainConnectError(err);
    if (this.#waiter === undefined) return this.close();
    const kind = CUT_ERRNOS.has(err.code ?? '') ? 'truncated' : 'io';
    this.#fail(this.#error(kind, `error on BIRD socket ${this.path} (${this.#progress()}): ${err.message}`, err, err.code));
  }

  /**
   * connect() says only ECONNREFUSED for a directory or a regular file, which would read as a
   * stale socket, and EACCES without saying who may connect: the path's stat tells, taken only
   * then, so a probe that connects pays for no stat. stat, not lstat: a symlink to a socket works.
   */
  #explainConnectError(err: NodeJS.ErrnoException): void {
    if (err.code !== 'ECONNREFUSED' && err.code !== 'EACCES' && err.code !== 'EPERM') return this.#fail(connectError(this.path, err));
    this.#stage = 'checking the path';
    stat(this.path, (statError, stats) =>
      this.#fail(statError !== null ? connectError(this.path, err) : (notASocket(this.path, stats) ?? connectError(this.path, err, stats))),
    );
  }

  #error(kind: BirdErrorKind, message: string, cause?: unknown, errno?: string): BirdError {
    const waiter = this.#waiter;
    return new BirdError(kind, this.path, message, {
      errno,
      command: waiter?.commands[waiter.replies.length],
      cause,
      connected: this.#stage === 'connected',
    });
  }

  /** Where the conversation stood, for messages: what was asked and what came back. */
  #progress(): string {
    let { commands = [], replies = [] } = this.#waiter ?? {};
    // Name the queries only, once the `restrict` before them is answered.
    if (commands[0] === RESTRICT && this.#restriction === undefined && replies.length > 0 && this.#batches === 1) {
      commands = commands.slice(1);
      replies = replies.slice(1);
    }
    return describeProgress({
      stage: this.#stage,
      banner: this.banner,
      received: this.#received,
      commands,
      replies: replies.length,
      pendingLines: this.#reader.pendingLines,
    });
  }
}

function restrictionOf(answer: Reply | undefined): Restriction {
  const last = answer?.lines.at(-1);
  const reply = last === undefined ? '(empty reply)' : `${String(last.code).padStart(4, '0')} ${last.text}`;
  return { restricted: answer?.code === 16, reply };
}
