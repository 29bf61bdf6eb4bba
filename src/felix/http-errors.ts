// Why a Felix request got no answer, in words that name the URL and the cause: errno codes
// mapped to kinds the check can rank (refused and timeout fail; protocol means "not Felix").

export type FelixErrorKind = 'refused' | 'timeout' | 'reset' | 'dns' | 'protocol' | 'bad-url' | 'io';

/** How far a request got: resolving the host, connecting, waiting for headers, reading the body. */
export type FelixStage = 'lookup' | 'connect' | 'headers' | 'body';

// A hung DNS server, a blackholed port (no SYN-ACK), a hung Felix and a stalled body call for different fixes.
export const AT_DEADLINE: Record<FelixStage, string> = {
  lookup: 'host name not resolved within the deadline (DNS did not answer)',
  connect: 'no connection within the deadline',
  headers: 'no response headers within the deadline',
  body: 'response body incomplete at the deadline',
};

export class FelixHttpError extends Error {
  override name = 'FelixHttpError';
  readonly kind: FelixErrorKind;
  readonly url: string;
  /** The errno or llhttp code behind it (ECONNREFUSED, HPE_INVALID_CONSTANT…), when there was one. */
  readonly code?: string;
  /** How far the request got: no connection, connected but no headers, or inside the body. */
  stage: FelixStage = 'connect';

  constructor(kind: FelixErrorKind, url: string, message: string, code?: string) {
    super(message);
    this.kind = kind;
    this.url = url;
    if (code !== undefined) this.code = code;
  }

  at(stage: FelixStage): this {
    this.stage = stage;
    return this;
  }
}

export interface FelixTarget {
  href: string;
  /** Without the brackets of an IPv6 literal: what net.connect wants. */
  host: string;
  port: number;
  path: string;
  /** host:port as people write it, brackets included, for messages. */
  authority: string;
}

export function parseFelixUrl(url: string): FelixTarget | FelixHttpError {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new FelixHttpError('bad-url', url, `invalid Felix URL ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:') {
    return new FelixHttpError('bad-url', url, `invalid Felix URL ${url}: only http:// is supported (Felix serves plain HTTP)`);
  }
  const { hostname } = parsed;
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  const port = parsed.port === '' ? 80 : Number(parsed.port);
  return { href: parsed.href, host, port, path: `${parsed.pathname}${parsed.search}`, authority: `${parsed.hostname}:${port}` };
}

const REASONS: Record<string, [FelixErrorKind, string]> = {
  ECONNREFUSED: ['refused', 'connection refused'],
  ECONNRESET: ['reset', 'connection reset by peer'],
  EPIPE: ['reset', 'connection closed by peer'],
  ENOTFOUND: ['dns', 'host not found'],
  EAI_AGAIN: ['dns', 'temporary DNS failure'],
  EAI_FAIL: ['dns', 'DNS failure'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
  EHOSTUNREACH: ['io', 'host unreachable'],
  ENETUNREACH: ['io', 'network unreachable'],
  EADDRNOTAVAIL: ['io', 'address not available'],
};

/** A FelixHttpError for a socket or parser error of either Felix client (http.ts, pool.ts) at `stage`. */
export function describeError(error: unknown, target: FelixTarget, stage: FelixStage): FelixHttpError {
  return classify(error, target, stage).at(stage);
}

function classify(error: unknown, target: FelixTarget, stage: FelixStage): FelixHttpError {
  const err = error as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  // With several addresses (localhost: ::1 and 127.0.0.1) Node reports an AggregateError
  // whose own code is that of the attempts.
  const code = err.code ?? err.errors?.[0]?.code;
  const prefix = `GET ${target.href}:`;
  if (code?.startsWith('HPE_')) {
    return new FelixHttpError(
      'protocol',
      target.href,
      `${prefix} the answer is not HTTP; is something else listening on ${target.authority}?`,
      code,
    );
  }
  const known = code === undefined ? undefined : REASONS[code];
  if (code === 'ECONNREFUSED') {
    return new FelixHttpError('refused', target.href, `${prefix} connection refused (nothing listening on ${target.authority})`, code);
  }
  if (known) {
    const where = stage === 'body' ? ' while reading the body' : '';
    const host = known[0] === 'dns' ? ` (${target.host})` : '';
    return new FelixHttpError(known[0], target.href, `${prefix} ${known[1]}${host}${where}`, code);
  }
  return new FelixHttpError('io', target.href, `${prefix} ${err.message}`, code);
}
