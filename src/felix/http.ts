// One GET to Felix's health endpoint, bounded by the run's signal from connect to the last
// body byte. node:http, not fetch/undici: those cost 2–3× the start-up (performance.md); the
// shipped bundle is CJS, so this import is a cheap require there.
import http from 'node:http';
import { isIP } from 'node:net';
import { AT_DEADLINE, describeError, FelixHttpError, parseFelixUrl, type FelixStage } from './http-errors.ts';
import { cancellableLookup } from './lookup.ts';

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

/** What is read of a body at most: Felix's table is ~1 KiB, the kubelet reads 10 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * GET `url`. Resolves with any HTTP status (judging it is the caller's job); rejects with a
 * FelixHttpError when no complete answer came: refused, reset, DNS, non-HTTP bytes, or the
 * signal fired (kind 'timeout'). Leaves no socket, timer or listener behind once settled.
 */
export function getFelix(url: string, opts: GetFelixOptions): Promise<FelixResponse> {
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    const target = parseFelixUrl(url);
    if (target instanceof FelixHttpError) return reject(target);
    if (signal.aborted) {
      return reject(new FelixHttpError('timeout', target.href, `GET ${target.href}: deadline reached before connecting`));
    }
    let stage: FelixStage = isIP(target.host) === 0 ? 'lookup' : 'connect';
    let settled = false;
    let closed = false;
    // Settle only once the socket is really closed, so a caller that exits right after leaves
    // nothing half-open (destroy() closes the handle asynchronously).
    const settle = (done: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req.destroy(); // also destroys the socket and the response (agent: false: it is ours alone)
      if (closed) done();
      else req.once('close', done);
    };
    const fail = (error: unknown): void =>
      settle(() => reject(describeError(error, target, stage)));
    const onAbort = (): void =>
      settle(() => reject(new FelixHttpError('timeout', target.href, `GET ${target.href}: ${AT_DEADLINE[stage]}`).at(stage)));

    const req = http.request({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'GET',
      agent: false,
      lookup: cancellableLookup(signal),
      headers: { 'User-Agent': 'calico-probe', Accept: '*/*', Connection: 'close' },
    });
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('close', () => (closed = true));
    req.on('error', fail);
    req.once('socket', (socket) => {
      socket.once('lookup', () => (stage = 'connect'));
      socket.once('connect', () => (stage = 'headers'));
    });
    req.on('response', (res) => {
      stage = 'body';
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean): void => {
        const body = Buffer.concat(chunks, Math.min(size, maxBodyBytes)).toString('utf8');
        const location = res.headers.location ?? null;
        settle(() => resolve({ status: res.statusCode ?? 0, body, truncated, location, url: target.href }));
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBodyBytes) finish(true);
      });
      res.on('end', () => finish(false));
      res.on('error', fail);
    });
    req.end();
  });
}
