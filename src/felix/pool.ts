// Felix over a keep-alive connection pool, for serve: one TCP connection reused across probes
// instead of a connect per check. undici is loaded here only, lazily: it costs tens of
// milliseconds to load (README, Design notes), which the exec path (http.ts, on node:net) never pays.
// Same body cap and the same error words as http.ts.
import type { Dispatcher, Pool } from 'undici';
import { AT_DEADLINE, describeError, FelixHttpError, parseFelixUrl, type FelixStage, type FelixTarget } from './http-errors.ts';
import { DEFAULT_MAX_BODY_BYTES, type FelixResponse } from './http.ts';

export interface FelixPool {
  /** Like getFelix, on a kept-alive connection to the pool's origin. */
  get(url: string, signal: AbortSignal): Promise<FelixResponse>;
  close(): Promise<void>;
}

/** Long enough to carry a connection from one kubelet probe to the next (10 s apart). */
const KEEP_ALIVE_MS = 60_000;

export async function openFelixPool(origin: string, maxBodyBytes = DEFAULT_MAX_BODY_BYTES): Promise<FelixPool> {
  const { Pool } = await import('undici');
  // live and ready may ask at the same time; a third connection would only ever sit idle.
  const pool = new Pool(origin, { connections: 2, keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: KEEP_ALIVE_MS });
  return {
    get: (url, signal) => get(pool, url, signal, maxBodyBytes, true),
    close: () => pool.close(),
  };
}

async function get(pool: Pool, url: string, signal: AbortSignal, maxBodyBytes: number, retry: boolean): Promise<FelixResponse> {
  const target = parseFelixUrl(url);
  if (target instanceof FelixHttpError) throw target;
  if (signal.aborted) throw new FelixHttpError('timeout', target.href, `GET ${target.href}: deadline reached before connecting`);
  let headersIn = false;
  // Which stage the deadline caught, taken before undici tears the connection down: without
  // headers, an open connection means Felix is silent.
  let stage: FelixStage = 'connect';
  const onAbort = (): void => void (stage = headersIn ? 'body' : pool.stats.connected > 0 ? 'headers' : 'connect');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await pool.request({
      path: target.path,
      method: 'GET',
      signal,
      headers: { 'user-agent': 'calico-probe', accept: '*/*' },
    });
    headersIn = true;
    const { body, truncated } = await readCapped(response.body, maxBodyBytes);
    const location = response.headers.location;
    return { status: response.statusCode, body, truncated, location: typeof location === 'string' ? location : null, url: target.href };
  } catch (error) {
    if (signal.aborted) throw new FelixHttpError('timeout', target.href, `GET ${target.href}: ${AT_DEADLINE[stage]}`);
    const failure = describeUndiciError(error, target, headersIn ? 'body' : 'headers');
    // Felix closed a kept-alive connection just as it was reused: ask once more on a new one.
    if (retry && failure.kind === 'reset' && !headersIn) return get(pool, url, signal, maxBodyBytes, false);
    throw failure;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** At most `max` bytes of the body; past that the body is destroyed, which also drops its connection. */
async function readCapped(body: Dispatcher.ResponseData['body'], max: number): Promise<{ body: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      return { body: Buffer.concat(chunks).subarray(0, max).toString('utf8'), truncated: true };
    }
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** undici's own socket error (the peer closed) in http.ts's words; errno and parser codes as there. */
function describeUndiciError(error: unknown, target: FelixTarget, stage: FelixStage): FelixHttpError {
  const { code, cause, name } = error as { code?: string; cause?: { code?: string }; name?: string };
  // undici's parser errors (bytes that are not HTTP) often carry no HPE_ code of their own.
  if (name === 'HTTPParserError') return describeError({ code: code ?? 'HPE_INVALID' }, target, stage);
  if (code === 'UND_ERR_SOCKET' && cause?.code !== undefined) return describeError(cause, target, stage);
  if (code === 'UND_ERR_SOCKET') {
    const what = stage === 'body' ? 'connection closed before the body was complete' : 'connection closed before a response';
    return new FelixHttpError('reset', target.href, `GET ${target.href}: ${what}`, 'ECONNRESET');
  }
  return describeError(error, target, stage);
}
