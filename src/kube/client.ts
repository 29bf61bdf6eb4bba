// A minimal Kubernetes API client over node:https: one GET, or one watch stream. Errors name
// what went wrong the way the API said it (a Status object's code, reason and message).
import type { IncomingMessage } from 'node:http';
import type { KubeConnection } from './config.ts';

export class KubeApiError extends Error {
  /** The HTTP status, when the API answered. */
  readonly status: number | undefined;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** The most an error body or a GET answer may be: a Node object is a few KiB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function getJson(conn: KubeConnection, path: string, signal: AbortSignal): Promise<unknown> {
  const response = await open(conn, path, signal);
  const body = await readBody(response, signal);
  if (response.statusCode !== 200) throw statusError(response.statusCode ?? 0, body);
  try {
    return JSON.parse(body);
  } catch {
    throw new KubeApiError(`the API answered ${path} with something that is not JSON`, response.statusCode);
  }
}

/** A 200 response whose body is streamed (a watch); any other answer becomes a KubeApiError. */
export async function openStream(conn: KubeConnection, path: string, signal: AbortSignal): Promise<IncomingMessage> {
  const response = await open(conn, path, signal);
  if (response.statusCode === 200) return response;
  throw statusError(response.statusCode ?? 0, await readBody(response, signal));
}

async function open(conn: KubeConnection, path: string, signal: AbortSignal): Promise<IncomingMessage> {
  const url = new URL(conn.server + path);
  const https = url.protocol === 'https:';
  const { request } = https ? await import('node:https') : await import('node:http');
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'calico-probe' };
  if (conn.token !== undefined) headers.authorization = `Bearer ${conn.token}`;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal, conn));
      return;
    }
    const req = request(url, {
      method: 'GET',
      headers,
      signal,
      ...(https && {
        ...(conn.ca && { ca: conn.ca }),
        ...(conn.cert && { cert: conn.cert }),
        ...(conn.key && { key: conn.key }),
        rejectUnauthorized: !conn.insecure,
      }),
    });
    req.once('response', resolve);
    req.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        signal.aborted
          ? abortError(signal, conn)
          : new KubeApiError(`cannot reach the API at ${conn.server}: ${error.code ?? error.message}`),
      );
    });
    req.end();
  });
}

function abortError(signal: AbortSignal, conn: KubeConnection): KubeApiError {
  const reason = signal.reason instanceof Error && signal.reason.name === 'TimeoutError' ? 'no answer before the deadline' : 'cancelled';
  return new KubeApiError(`the API at ${conn.server}: ${reason}`);
}

function readBody(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) response.destroy(new Error('answer too large'));
      else chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.once('error', (error) =>
      reject(new KubeApiError(signal.aborted ? 'no answer before the deadline' : `the API's answer broke off: ${error.message}`)),
    );
  });
}

/** `403 Forbidden: nodes "n1" is forbidden: …`, from the API's Status object when it sent one. */
export function statusError(code: number, body: string): KubeApiError {
  let text = '';
  try {
    const status = JSON.parse(body) as { kind?: string; reason?: string; message?: string };
    if (status.kind === 'Status') text = [status.reason, status.message].filter(Boolean).join(': ');
  } catch {
    text = body.slice(0, 200).trim();
  }
  return new KubeApiError(`the API answered ${code}${text ? ` ${text}` : ''}`, code);
}
