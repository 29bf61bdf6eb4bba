// A client for Prometheus's HTTP API (instant queries only), for `calico-probe cluster`. undici is
// loaded lazily, on the first query: nothing here is on the probes' exec path. One keep-alive pool
// per client; every request ends by the caller's signal (the command's --timeout). Errors are
// PrometheusError, whose message says what to check, never a stack trace.
import type { Dispatcher, Pool } from 'undici';

export type PrometheusAuth = { kind: 'none' } | { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prometheus:9090` or `https://example.org/prometheus` (a path prefix is kept). */
  url: string;
  auth: PrometheusAuth;
}

/** One series of an instant vector: its labels and value. */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
}

export type PrometheusErrorKind = 'unreachable' | 'timeout' | 'http' | 'auth' | 'api' | 'bad-response';

export class PrometheusError extends Error {
  readonly kind: PrometheusErrorKind;
  constructor(kind: PrometheusErrorKind, message: string) {
    super(message);
    this.name = 'PrometheusError';
    this.kind = kind;
  }
}

/** A PromQL answer larger than this is refused: the cluster queries fetch failing series only. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface PrometheusClient {
  /** An instant query evaluated at `timeSeconds`; a scalar answer is one sample without labels. */
  query(promql: string, timeSeconds: number, signal: AbortSignal): Promise<PromSample[]>;
  close(): Promise<void>;
}

export async function openPrometheusClient({ url, auth }: PrometheusClientOptions): Promise<PrometheusClient> {
  const base = new URL(url);
  const { Pool } = await import('undici');
  const pool = new Pool(base.origin, { connections: 8 });
  const prefix = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (auth.kind === 'basic') headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
  return {
    query: (promql, timeSeconds, signal) =>
      post(pool, base, `${prefix}/api/v1/query`, headers, new URLSearchParams({ query: promql, time: String(timeSeconds) }), signal),
    close: () => pool.close(),
  };
}

async function post(
  pool: Pool,
  base: URL,
  path: string,
  headers: Record<string, string>,
  form: URLSearchParams,
  signal: AbortSignal,
): Promise<PromSample[]> {
  const where = `Prometheus at ${base.origin}${path.replace(/\/api\/v1\/query$/, '')}`;
  if (signal.aborted) throw new PrometheusError('timeout', `${where} did not answer within --timeout`);
  let response: Dispatcher.ResponseData;
  try {
    response = await pool.request({ path, method: 'POST', headers, body: form.toString(), signal });
  } catch (error) {
    throw transportError(error, where, signal);
  }
  let text: string;
  try {
    text = await readCapped(response.body);
  } catch (error) {
    throw transportError(error, where, signal);
  }
  const { statusCode } = response;
  if (statusCode === 401 || statusCode === 403) {
    throw new PrometheusError(
      'auth',
      `${where} refused the credentials (HTTP ${statusCode}): check the basic-auth or bearer-token options`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PrometheusError(
      statusCode === 200 ? 'bad-response' : 'http',
      `${where} answered HTTP ${statusCode} with something that is not Prometheus's JSON API: is the URL right?`,
    );
  }
  const body = parsed as { status?: unknown; error?: unknown; errorType?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (body.status !== 'success') {
    const why = typeof body.error === 'string' ? body.error : `HTTP ${statusCode}`;
    throw new PrometheusError('api', `${where} rejected a query (${String(body.errorType ?? 'error')}): ${why}`);
  }
  return toSamples(body.data?.resultType, body.data?.result, where);
}

function toSamples(resultType: unknown, result: unknown, where: string): PromSample[] {
  const bad = () => new PrometheusError('bad-response', `${where} answered a query with a result calico-probe cannot read`);
  if (resultType === 'scalar') {
    if (!Array.isArray(result)) throw bad();
    return [{ labels: {}, value: Number(result[1]) }];
  }
  if (resultType !== 'vector' || !Array.isArray(result)) throw bad();
  return result.map((item: { metric?: unknown; value?: unknown }) => {
    if (typeof item?.metric !== 'object' || item.metric === null || !Array.isArray(item.value)) throw bad();
    return { labels: item.metric as Record<string, string>, value: Number(item.value[1]) };
  });
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new PrometheusError('bad-response', `the answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB: narrow it with --selector`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function transportError(error: unknown, where: string, signal: AbortSignal): PrometheusError {
  if (error instanceof PrometheusError) return error;
  if (signal.aborted) return new PrometheusError('timeout', `${where} did not answer within --timeout`);
  const code = (error as { code?: string }).code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host name not found'
        : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
          ? 'connection reset'
          : (error as Error).message;
  return new PrometheusError('unreachable', `cannot reach ${where}: ${reason}`);
}
