// The BIRD control-socket client: one connection, the banner, then the commands, reading until
// each has its final line (bird-protocol.md §1–2). Every stage honours the caller's signal.
import { stat } from 'node:fs';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { BirdError, BirdProtocolError } from './errors.ts';
import type { BirdErrorKind } from './errors.ts';
import { DEFAULT_MAX_REPLY_BYTES, ReplyReader } from './reply.ts';
import type { Reply } from './reply.ts';
import { connectError, notASocket, pathTooLong } from './socket-errors.ts';

export interface BirdSession {
  banner: string;
  /** replies[i] answers commands[i]. */
  replies: Reply[];
}

export interface QueryOptions {
  signal: AbortSignal;
  /** Cap on all bytes received in the session, banner included; default 16 MiB. */
  maxReplyBytes?: number;
}

// A reset after connecting is BIRD going away mid-reply, like an early EOF.
const CUT_ERRNOS = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends `commands` on one connection to the socket at `path` (and no other path) and resolves
 * with one reply per command. 8xxx/9xxx replies are replies, not errors: the parsers judge them.
 * Rejects with a BirdError. Once settled, the socket is destroyed and the abort listener removed.
 */
export function queryBird(path: string, commands: string[], opts: QueryOptions): Promise<BirdSession> {
  return new Promise<BirdSession>((resolve, reject) => {
    const bad = commands.find((c) => /[\r\n]/.test(c));
    if (bad !== undefined) throw new TypeError(`a BIRD command cannot contain a line break: '${bad}'`);
    const { signal } = opts;
    const maxBytes = opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    const reader = new ReplyReader({ maxReplyBytes: maxBytes });
    const replies: Reply[] = [];
    let stage: 'checking the path' | 'connecting' | 'connected' = 'checking the path';
    let socket: Socket | undefined;
    let received = 0;
    let settled = false;

    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket?.destroy();
      return true;
    };
    const fail = (err: BirdError): void => {
      if (settle()) reject(err);
    };
    const error = (kind: BirdErrorKind, message: string, cause?: unknown, errno?: string): BirdError =>
      new BirdError(kind, path, message, { errno, command: commands[replies.length], cause, connected: stage === 'connected' });

    /** Where the session stood, for messages: what was asked and what came back. */
    const progress = (): string => {
      if (stage !== 'connected') return stage;
      if (reader.banner === undefined) {
        return received === 0 ? 'connected, no banner' : `connected, banner incomplete after ${received} bytes`;
      }
      const parts = ['connected', 'banner received'];
      if (replies.length > 0) parts.push(`${replies.length} of ${commands.length} replies complete`);
      const n = reader.pendingLines;
      const command = commands[replies.length];
      parts.push(n === 0 ? `no reply to '${command}' yet` : `'${command}' incomplete after ${n} line${n === 1 ? '' : 's'}`);
      return parts.join(', ');
    };

    function onAbort(): void {
      fail(error('timeout', `no reply from BIRD socket ${path} within the deadline (${progress()})`, signal.reason));
    }

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      const hadBanner = reader.banner !== undefined;
      received += chunk.length;
      let complete: Reply[];
      try {
        if (received > maxBytes) throw new BirdProtocolError('reply-too-large', `BIRD reply larger than ${maxBytes} bytes`);
        complete = reader.push(chunk);
      } catch (err) {
        if (!(err instanceof BirdProtocolError)) throw err;
        const kind = err.reason === 'reply-too-large' ? 'too-large' : 'protocol';
        return fail(error(kind, `bad reply from BIRD socket ${path}: ${err.message}`, err));
      }
      if (!hadBanner && complete.length > 0) {
        // Replies before our commands: not BIRD, or not a conversation we can follow.
        const first = complete[0]?.lines[0];
        const text = first === undefined ? '' : `${String(first.code).padStart(4, '0')} ${first.text}`;
        const what = reader.banner === undefined ? 'instead of its banner' : 'before any command';
        return fail(error('protocol', `BIRD socket ${path} sent '${text}' ${what}`));
      }
      replies.push(...complete);
      if (!hadBanner && reader.banner !== undefined && commands.length > 0) {
        // All at once, without half-closing: BIRD answers in order, but drops a client that
        // shuts down its write side before the replies are out.
        socket?.write(commands.map((c) => `${c}\n`).join(''));
      }
      if (reader.banner !== undefined && replies.length >= commands.length && settle()) {
        resolve({ banner: reader.banner, replies: replies.slice(0, commands.length) });
      }
    };

    const onClose = (): void => {
      const what =
        reader.banner === undefined ? 'before sending its banner' : `before the end of the reply to '${commands[replies.length]}'`;
      fail(error('truncated', `BIRD closed the connection ${what} (socket ${path}, ${progress()})`));
    };

    const onError = (err: NodeJS.ErrnoException): void => {
      if (stage !== 'connected') return fail(connectError(path, err));
      const kind = CUT_ERRNOS.has(err.code ?? '') ? 'truncated' : 'io';
      fail(error(kind, `error on BIRD socket ${path} (${progress()}): ${err.message}`, err, err.code));
    };

    const connect = (): void => {
      stage = 'connecting';
      const s = createConnection({ path });
      socket = s;
      s.on('connect', () => (stage = 'connected'));
      s.on('data', onData);
      s.on('end', onClose);
      s.on('close', onClose);
      s.on('error', onError);
    };

    const tooLong = pathTooLong(path);
    if (tooLong !== undefined) return fail(tooLong);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    // stat first, cheaply: connect() to a directory or a regular file only says ECONNREFUSED,
    // which would read as "stale socket". stat, not lstat, so a symlink to a socket still works.
    stat(path, (err, stats) => {
      if (settled) return;
      if (err !== null) return fail(connectError(path, err));
      const wrongType = notASocket(path, stats);
      if (wrongType !== undefined) return fail(wrongType);
      connect();
    });
  });
}
