// A real Prometheus server (Debian's package `prometheus`) for tests: on 127.0.0.1 only, a
// temporary data directory, a config written here, stopped by its PID. Outside CI a missing
// binary skips with a reason; with CI=true it fails (.ci/run installs the package).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { which } from './harness/paths.ts';
import { pollUntil } from './harness/poll.ts';
import { need, needs } from './needs.ts';

export const PROMETHEUS = which('prometheus');
export const PROMTOOL = which('promtool');

/** What a real Prometheus needs that is not installed here, or undefined. */
export function prometheusMissing(): string | undefined {
  const missing = [...(PROMETHEUS ? [] : ['prometheus']), ...(PROMTOOL ? [] : ['promtool'])];
  return missing.length === 0 ? undefined : `not installed: ${missing.join(', ')} (Debian package prometheus)`;
}

/** The reason a real Prometheus cannot run here, or undefined; throws under CI=true (needs.ts). */
export function prometheusSkipReason(): string | undefined {
  return needs(prometheusMissing());
}

export function requirePrometheus(t: TestContext): boolean {
  return need(t, prometheusMissing());
}

export interface ScrapeTarget {
  /** host:port */
  address: string;
  labels?: Record<string, string>;
}

export interface PrometheusServer {
  url: string;
  dir: string;
  /** Instant query; the result array of the JSON API. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  targets?: ScrapeTarget[];
  scrapeInterval?: string;
  /** An existing TSDB directory (promtool tsdb create-blocks-from) instead of an empty one. */
  dataDir?: string;
  /** Extra lines under `global:` / flags. */
  extraArgs?: string[];
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-prometheus-'));
  const interval = options.scrapeInterval ?? '1s';
  const targets = options.targets ?? [];
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'scrape_configs:',
    '  - job_name: calico-probe',
    '    static_configs:',
    ...targets.map((t) =>
      [
        `      - targets: ['${t.address}']`,
        ...(t.labels ? ['        labels:', ...Object.entries(t.labels).map(([k, v]) => `          ${k}: '${v}'`)] : []),
      ].join('\n'),
    ),
    ...(targets.length === 0 ? ['      - targets: []'] : []),
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(dir, await freePort(), options);
    } catch (error) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function launch(dir: string, port: number, options: PrometheusOptions): Promise<PrometheusServer> {
  const child = spawn(
    PROMETHEUS ?? 'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${options.dataDir ?? join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=30d',
      ...(options.extraArgs ?? []),
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  running.add(child);
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log = (log + chunk).slice(-20_000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const state = await pollUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return 'exited';
        return (await get(`${url}/-/ready`)).status === 200 ? 'up' : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: `Prometheus on ${url}`, describe: () => log.slice(-2000) },
    );
    if (state === 'exited') throw new Error(`Prometheus exited at start-up:\n${log.slice(-2000)}`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url,
    dir,
    query: async (promql) => {
      const { status, body } = await get(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      if (status !== 200) throw new Error(`query ${promql}: HTTP ${status} ${body}`);
      return (JSON.parse(body) as { data: { result: [] } }).data.result;
    },
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** By PID: SIGTERM, then SIGKILL if it has not exited within 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    running.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  running.delete(child);
}
