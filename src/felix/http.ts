// One GET to Felix's health endpoint, bounded by the run's signal from the host lookup to the
// last body byte. An HTTP/1.0 request on a node:net socket, read by http-response.ts: node:http's
// client costs about 4.5 ms of a probe's start-up on top of node:net (which the BIRD checks
// load anyway), fetch/undici 2–3× that (BENCHMARKS.md). HTTP/1.0 keeps the answer simple: Go's
// server then sends Content-Length or closes after the body, never chunks. A host name is
// resolved by lookup.ts (cancellable, /etc/hosts first, localhost without DNS) and each address
// is connected to directly: node:net's own lookup path would load the dns module on every probe.
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { AT_DEADLINE, describeError, FelixHttpError, parseFelixUrl, type FelixStage, type FelixTarget } from './http-errors.ts';
import { HttpParseError, ResponseReader } from './http-response.ts';
import { ipFamily } from '../util/ip.ts';
import { resolveHost } from './lookup.ts';
import { readsInto } from '../util/socket-reads.ts';

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
  /**
   * A process that exits as soon as its output is written (a probe: cli/process.ts) leaves the
   * connection of a complete answer to its exit to close: unreferenced, half-open when Felix has
   * closed its side. Closing a node:net socket builds process.stderr's stream (Socket._destroy
   * compares the socket with it), about 1% of a probe (BENCHMARKS.md). A failure closes at once.
   */
  leaveOpen?: boolean;
}

/** What is read of a body at most: Felix's table is ~1 KiB, the kubelet reads 10 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const CLOSED_EARLY: Record<FelixStage, string> = {
  lookup: 'connection closed before a response',
  connect: 'connection closed before a response',
  headers: 'connection closed before a response',
  body: 'connection closed before the body was complete',
};
/** Errors after which the host's next address is worth a try (localhost: ::1, then 127.0.0.1). */
const TRY_NEXT = new Set(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EHOSTUNREACH']);

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
    const exchange = new Exchange(target, opts, resolve, reject, () => signal.removeEventListener('abort', onAbort));
    const onAbort = (): void => exchange.fail('timeout', AT_DEADLINE[exchange.stage]);
    signal.addEventListener('abort', onAbort, { once: true });
    if (ipFamily(target.host) !== 0) {
      exchange.connect([target.host]);
      return;
    }
    resolveHost(target.host, signal).then(
      (found) => exchange.connect(found.map((a) => a.address)),
      (error: unknown) => exchange.settle(() => reject(describeError(error, target, 'lookup'))),
    );
  });
}

/** One request's socket, the addresses still to try, and the answer read so far. */
class Exchange {
  stage: FelixStage = 'lookup';
  readonly target: FelixTarget;
  readonly #reader: ResponseReader;
  readonly #leaveOpen: boolean;
  readonly #resolve: (response: FelixResponse) => void;
  readonly #reject: (error: FelixHttpError) => void;
  /** Called once when settling: the caller's clean-up (its abort listener). */
  readonly #done: () => void;
  #socket: Socket | undefined;
  #settled = false;

  constructor(
    target: FelixTarget,
    opts: Pick<GetFelixOptions, 'maxBodyBytes' | 'leaveOpen'>,
    resolve: (response: FelixResponse) => void,
    reject: (error: FelixHttpError) => void,
    done: () => void,
  ) {
    this.target = target;
    this.#reader = new ResponseReader(opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    this.#leaveOpen = opts.leaveOpen === true;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#done = done;
  }

  /**
   * Settles once, only when the socket is really closed, so a caller that exits right after
   * leaves nothing half-open (destroy() closes the handle asynchronously); with `leaveOpen`, a
   * complete answer settles at once and its socket stays for the process's exit to close.
   */
  settle(then: () => void, answered = false): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#done();
    const socket = this.#socket;
    if (socket === undefined || socket.closed) return then();
    if (answered && this.#leaveOpen) {
      socket.unref();
      return then();
    }
    socket.once('close', then);
    socket.destroy();
  }

  fail(kind: 'timeout' | 'reset' | 'protocol', words: string): void {
    const { href } = this.target;
    const at = this.stage;
    this.settle(() => this.#reject(new FelixHttpError(kind, href, `GET ${href}: ${words}`).at(at)));
  }

  connect(addresses: string[]): void {
    if (this.#settled) return;
    this.stage = 'connect';
    const socket = createConnection({
      host: addresses[0] as string,
      port: this.target.port,
      onread: readsInto((chunk) => this.#read(chunk)),
      // Felix's end of the connection does not end ours: Node would then close it at once.
      allowHalfOpen: this.#leaveOpen,
    });
    this.#socket = socket;
    socket.once('connect', () => {
      this.stage = 'headers';
      socket.write(request(this.target));
    });
    socket.once('end', () => (this.#reader.end() ? this.#succeed() : this.fail('reset', CLOSED_EARLY[this.stage])));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.stage === 'connect' && addresses.length > 1 && TRY_NEXT.has(error.code ?? '')) return this.connect(addresses.slice(1));
      const at = this.stage;
      this.settle(() => this.#reject(describeError(error, this.target, at)));
    });
  }

  #read(chunk: Buffer): void {
    try {
      this.#reader.push(chunk);
    } catch (error) {
      if (!(error instanceof HttpParseError)) throw error;
      return this.fail('protocol', `${error.message}; is something else listening on ${this.target.authority}?`);
    }
    if (this.#reader.head !== undefined) this.stage = 'body';
    if (this.#reader.done) this.#succeed();
  }

  #succeed(): void {
    const reader = this.#reader;
    const head = reader.head;
    this.settle(
      () =>
        this.#resolve({
          status: head?.status ?? 0,
          body: reader.body.toString('utf8'),
          truncated: reader.truncated,
          location: head?.headers.get('location') ?? null,
          url: this.target.href,
        }),
      true,
    );
  }
}

function request(target: FelixTarget): string {
  return `GET ${target.path} HTTP/1.0\r\nHost: ${target.authority}\r\nUser-Agent: calico-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}
