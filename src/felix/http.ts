// One GET to Felix's health endpoint, bounded by the run's signal from connect to the last
// body byte. An HTTP/1.0 request on a node:net socket, read by http-response.ts: node:http's
// client costs about 4.5 ms of a probe's start-up on top of node:net (which the BIRD checks
// load anyway), fetch/undici 2–3× that (BENCHMARKS.md). HTTP/1.0 keeps the answer simple: Go's
// server then sends Content-Length or closes after the body, never chunks.
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { describeError, FelixHttpError, parseFelixUrl, type FelixStage, type FelixTarget } from './http-errors.ts';
import { HttpParseError, ResponseReader } from './http-response.ts';

export { FelixHttpError, type FelixErrorKind, type FelixStage } from './http-errors.ts';

export interface FelixResponse {
  status: number;
  body: string;
  /** The body went past maxBodyBytes; the rest was never read. */
  truncated: boolean;
  /** Location header of a redirect, which is reported, never followed. */
  location: string | null;
  url: string;
}

export interface GetFelixOptions {
  signal: AbortSignal;
  /** Felix's table is ~1 KiB; cap what a wrong server can make us buffer. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

type Stage = FelixStage;
// A blackholed port (no SYN-ACK), a hung Felix and a stalled body call for different fixes.
const AT_DEADLINE: Record<Stage, string> = {
  connect: 'no connection within the deadline',
  headers: 'no response headers within the deadline',
  body: 'response body incomplete at the deadline',
};
const CLOSED_EARLY: Record<Stage, string> = {
  connect: 'connection closed before a response',
  headers: 'connection closed before a response',
  body: 'connection closed before the body was complete',
};

/**
 * GET `url`. Resolves with any HTTP status (judging it is the caller's job); rejects with a
 * FelixHttpError when no complete answer came: refused, reset, DNS, non-HTTP bytes, or the
 * signal fired (kind 'timeout'). Leaves no socket or listener behind once settled.
 */
export function getFelix(url: string, opts: GetFelixOptions): Promise<FelixResponse> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    const target = parseFelixUrl(url);
    if (target instanceof FelixHttpError) return reject(target);
    if (signal.aborted) {
      return reject(new FelixHttpError('timeout', target.href, `GET ${target.href}: deadline reached before connecting`));
    }
    const reader = new ResponseReader(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    let connected = false;
    const stage = (): Stage => (!connected ? 'connect' : reader.head === undefined ? 'headers' : 'body');
    let settled = false;
    // Settle only once the socket is really closed, so a caller that exits right after leaves
    // nothing half-open (destroy() closes the handle asynchronously).
    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (socket.closed) return done();
      socket.once('close', done);
      socket.destroy();
    };
    const fail = (kind: 'timeout' | 'reset' | 'protocol', words: string): void => {
      const at = stage();
      settle(() => reject(new FelixHttpError(kind, target.href, `GET ${target.href}: ${words}`).at(at)));
    };
    const onAbort = (): void => fail('timeout', AT_DEADLINE[stage()]);
    const succeed = (): void =>
      settle(() => resolve(response(reader, target)));

    const addresses = addressesOf(target.host);
    const open = (): Socket => {
      const next = createConnection({ host: addresses.shift() as string, port: target.port });
      next.once('connect', () => {
        connected = true;
        next.write(request(target));
      });
      next.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk);
        } catch (error) {
          if (!(error instanceof HttpParseError)) throw error;
          return fail('protocol', `${error.message}; is something else listening on ${target.authority}?`);
        }
        if (reader.done) succeed();
      });
      next.once('end', () => (reader.end() ? succeed() : fail('reset', CLOSED_EARLY[stage()])));
      next.on('error', (error: NodeJS.ErrnoException) => {
        const current = stage();
        if (current === 'connect' && addresses.length > 0 && !settled && TRY_NEXT.has(error.code ?? '')) {
          socket = open();
          return;
        }
        settle(() => reject(describeError(error, target, current)));
      });
      return next;
    };
    let socket = open();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// RFC 6761 §6.3: localhost is the loopback interface. Connecting to its addresses directly
// keeps Node's resolver path (the dns module, a getaddrinfo) off the probe: 5–7 ms of CPU
// with calico-node's default FELIX_HEALTHHOST (BENCHMARKS.md). IPv4 first: Felix (Go) listens
// on the first IPv4 address of a host name.
const LOCALHOST = ['127.0.0.1', '::1'];
/** Errors after which the next address of localhost is worth a try. */
const TRY_NEXT = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH']);

function addressesOf(host: string): string[] {
  return /^localhost\.?$/i.test(host) ? [...LOCALHOST] : [host];
}

function request(target: FelixTarget): string {
  return `GET ${target.path} HTTP/1.0\r\nHost: ${target.authority}\r\nUser-Agent: calico-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

function response(reader: ResponseReader, target: FelixTarget): FelixResponse {
  const head = reader.head;
  return {
    status: head?.status ?? 0,
    body: reader.body.toString('utf8'),
    truncated: reader.truncated,
    location: head?.headers.get('location') ?? null,
    url: target.href,
  };
}
