// A real HTTP server that answers as Felix's health aggregator does
// (libcalico-go/lib/health): exactly /liveness and /readiness, any method, query ignored, 200 when
// every reporter is good else 503, the same tablewriter table on both paths, Go's 404 elsewhere
// and Go's ServeMux 301 for unclean paths (`//readiness`).
//
// As a script, for manual runs and benchmarks:
//   node test/support/felix-standin.ts --port 19099 [--host ::1] [--layout plain]
//     [--not-ready InternalDataplaneMainLoop] [--not-live CalculationGraph]
import http from 'node:http';
import { posix } from 'node:path';
import { parseArgs } from 'node:util';

export type ReportValue = boolean | 'timed out' | '-';

export interface StandinReporter {
  name: string;
  timeout?: string;
  live: ReportValue;
  ready: ReportValue;
  detail?: string;
}

export interface FelixStandin {
  /** Base URL without a path, e.g. `http://127.0.0.1:19099` or `http://[::1]:19099`. */
  url: string;
  port: number;
  setReporters(reporters: StandinReporter[]): void;
  /** Requests answered so far, 404s included. */
  readonly requests: number;
  /** Connections open right now (a client that never hangs up shows here). */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

export interface StandinOptions {
  host?: string;
  port?: number;
  /** bordered: centred headers (Calico ≤ v3.32); plain: left-aligned headers (later). */
  layout?: 'bordered' | 'plain';
}

export const DEFAULT_REPORTERS: StandinReporter[] = [
  { name: 'FelixStartup', timeout: '-', live: true, ready: true },
  { name: 'CalculationGraph', timeout: '30s', live: true, ready: true },
  { name: 'InternalDataplaneMainLoop', timeout: '1m30s', live: true, ready: true },
];

export async function startFelixStandin(opts: StandinOptions = {}): Promise<FelixStandin> {
  const host = opts.host ?? '127.0.0.1';
  const layout = opts.layout ?? 'bordered';
  let reporters = DEFAULT_REPORTERS;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests += 1;
    const [path = '/', query] = (req.url ?? '/').split(/\?(.*)/s);
    const clean = cleanPath(path);
    if (clean !== path) {
      res.writeHead(301, { Location: query === undefined ? clean : `${clean}?${query}`, 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(`<a href="${clean}">Moved Permanently</a>.\n\n`);
    }
    if (path !== '/liveness' && path !== '/readiness') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      return res.end('404 page not found\n');
    }
    const good = reporters.every((r) => {
      const value = path === '/liveness' ? r.live : r.ready;
      return value === true || value === '-';
    });
    const body = renderTable(reporters, layout);
    res.writeHead(good ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setReporters(next) {
      reporters = [...next];
    },
    get requests() {
      return requests;
    },
    openConnections: () =>
      new Promise<number>((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count)))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Go's ServeMux cleanPath: path.Clean, keeping a trailing slash. */
function cleanPath(path: string): string {
  const base = path.startsWith('/') ? path : `/${path}`;
  const clean = posix.normalize(base).replace(/\/{2,}/g, '/');
  return base.endsWith('/') && clean !== '/' && !clean.endsWith('/') ? `${clean}/` : clean;
}

const word = (value: ReportValue, good: string, bad: string): string => (value === true ? good : value === false ? bad : value);

/** The table as Felix's tablewriter (v0.0.5 defaults) prints it, trimmed as Felix trims it. */
export function renderTable(reporters: StandinReporter[], layout: 'bordered' | 'plain' = 'bordered'): string {
  const header = ['COMPONENT', 'TIMEOUT', 'LIVENESS', 'READINESS', 'DETAIL'];
  const rows = [...reporters]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((r) => [
      r.name,
      r.timeout ?? '-',
      word(r.live, 'reporting live', 'reporting non-live'),
      word(r.ready, 'reporting ready', 'reporting non-ready'),
      r.detail ?? '',
    ]);
  // tablewriter wraps cells longer than 30 characters at word boundaries onto extra lines.
  const wrapped = rows.map((row) => row.map((cell) => wrap(cell, 30)));
  const widths = header.map((h, i) => Math.max(h.length, ...wrapped.flatMap((row) => (row[i] ?? []).map((l) => l.length))));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: string[], centre: boolean): string =>
    `|${cells.map((c, i) => ` ${centre ? centred(c, widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)} `).join('|')}|`;
  const out = [rule, line(header, layout === 'bordered'), rule];
  for (const row of wrapped) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let i = 0; i < height; i++)
      out.push(
        line(
          row.map((cell) => cell[i] ?? ''),
          false,
        ),
      );
  }
  out.push(rule);
  return out.join('\n');
}

function centred(text: string, width: number): string {
  const gap = width - text.length;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + text + ' '.repeat(gap - left);
}

/**
 * tablewriter's WrapString: cells over `limit` are split at spaces with minimum raggedness (the
 * sum of squared slack over all lines but the last), not greedily.
 */
function wrap(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const words = text.split(' ');
  const n = words.length;
  const lim = Math.max(limit, ...words.map((w) => w.length));
  const span = (i: number, j: number): number => words.slice(i, j + 1).join(' ').length;
  const cost = new Array<number>(n + 1).fill(0);
  const next = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (span(i, n - 1) <= lim) continue; // the last line costs nothing
    cost[i] = Infinity;
    for (let j = i + 1; j < n; j++) {
      const c = (lim - span(i, j - 1)) ** 2 + (cost[j] ?? 0) + (span(i, j - 1) > lim ? 100_000 : 0);
      if (c < (cost[i] ?? Infinity)) [cost[i], next[i]] = [c, j];
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = next[i] ?? n) lines.push(words.slice(i, next[i]).join(' '));
  return lines;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '19099' },
      layout: { type: 'string', default: 'bordered' },
      'not-ready': { type: 'string', multiple: true, default: [] },
      'not-live': { type: 'string', multiple: true, default: [] },
    },
  });
  const standin = await startFelixStandin({
    host: values.host,
    port: Number(values.port),
    layout: values.layout === 'plain' ? 'plain' : 'bordered',
  });
  const notReady = new Set(values['not-ready']);
  const notLive = new Set(values['not-live']);
  const names = new Set([...DEFAULT_REPORTERS.map((r) => r.name), ...notReady, ...notLive]);
  standin.setReporters(
    [...names].map((name) => ({
      ...(DEFAULT_REPORTERS.find((r) => r.name === name) ?? { name }),
      live: !notLive.has(name),
      ready: !notReady.has(name),
    })),
  );
  process.stdout.write(`Felix stand-in on ${standin.url} (/liveness, /readiness); Ctrl-C stops it\n`);
  const stop = (): void => void standin.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
