// Felix over a keep-alive connection pool, for serve: one TCP connection reused across probes
// instead of a connect per check. node:http's Agent, which serve's own listener has loaded
// already: undici, its predecessor here, cost serve about 20 MB of RSS for two connections (its
// HTTP parser is WebAssembly, compiled at run time; BENCHMARKS.md). The exec path (http.ts, on
// node:net) loads neither. Same body cap and the same error words as http.ts.
import { Agent, type IncomingMessage, request } from 'node:http';
import { AT_DEADLINE, describeError, FelixHttpError, parseFelixUrl, type FelixStage, type FelixTarget } from './http-errors.ts';
import { DEFAULT_MAX_BODY_BYTES, type FelixResponse } from './http.ts';

export interface FelixPool {
  /** Like getFelix, on a kept-alive connection to the pool's origin. */
  get(url: string, signal: AbortSignal): Promise<FelixResponse>;
  close(): Promise<void>;
}

/** Long enough to carry a connection from one kubelet probe to the next (10 s apart). */
const KEEP_ALIVE_MS = 60_000;

export async function openFelixPool(_origin: string, maxBodyBytes = DEFAULT_MAX_BODY_BYTES): Promise<FelixPool> {
  // live and ready may ask at the same time; a third connection would only ever sit idle.
  const agent = new Agent({ keepAlive: true, maxSockets: 2, maxFreeSockets: 2, timeout: KEEP_ALIVE_MS, scheduling: 'lifo' });
  return {
    get: (url, signal) => get(agent, url, signal, maxBodyBytes, true),
    close: async () => agent.destroy(),
  };
}

function get(agent: Agent, url: string, signal: AbortSignal, maxBodyBytes: number, retry: boolean): Promise<FelixResponse> {
  const target = parseFelixUrl(url);
  if (target instanceof FelixHttpError) return Promise.reject(target);
  if (signal.aborted) {
    return Promise.reject(new FelixHttpError('timeout', target.href, `GET ${target.href}: deadline reached before connecting`));
  }
  return new Promise((resolve, reject) => {
    // How far the request got when it failed: without headers, an open connection means Felix is silent.
    let stage: FelixStage = 'connect';
    let settled = false;
    const settle = (then: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      then();
    };
    const req = request({
      host: target.host,
      port: target.port,
      path: target.path,
      method: 'GET',
      agent,
      headers: { 'user-agent': 'calico-probe', accept: '*/*' },
    });
    const onAbort = (): void => {
      settle(() => reject(new FelixHttpError('timeout', target.href, `GET ${target.href}: ${AT_DEADLINE[stage]}`)));
      req.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const fail = (error: unknown): void => {
      if (settled) return;
      const failure = describeClientError(error, target, stage);
      // Felix closed a kept-alive connection just as it was reused: ask once more on a new one.
      if (retry && req.reusedSocket && failure.kind === 'reset' && stage !== 'body') {
        settle(() => resolve(get(agent, url, signal, maxBodyBytes, false)));
        return;
      }
      settle(() => reject(failure));
    };
    req.on('socket', (socket) => {
      if (!socket.connecting) stage = 'headers';
      else socket.once('connect', () => void (stage = 'headers'));
    });
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      stage = 'body';
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = (body: string, truncated: boolean): FelixResponse => {
        const location = res.headers.location;
        return { status: res.statusCode ?? 0, body, truncated, location: typeof location === 'string' ? location : null, url: target.href };
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size > maxBodyBytes && !settled) {
          settle(() => resolve(answer(Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8'), true)));
          // Past the cap the body is never read: the connection goes with it.
          req.destroy();
        }
      });
      res.on('end', () => settle(() => resolve(answer(Buffer.concat(chunks).toString('utf8'), false))));
      res.on('error', fail);
    });
    req.end();
  });
}

/** node:http's own socket errors (the peer closed) in http.ts's words; errno and parser codes as there. */
function describeClientError(error: unknown, target: FelixTarget, stage: FelixStage): FelixHttpError {
  const { code, message } = error as { code?: string; message?: string };
  // "socket hang up" (no response) and "aborted" (inside the body): the peer closed, no RST seen.
  if (code === 'ECONNRESET' && (message === 'socket hang up' || message === 'aborted')) {
    const what = stage === 'body' ? 'connection closed before the body was complete' : 'connection closed before a response';
    return new FelixHttpError('reset', target.href, `GET ${target.href}: ${what}`, 'ECONNRESET').at(stage);
  }
  return describeError(error, target, stage);
}
