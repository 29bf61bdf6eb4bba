// The real consumers of calico-probe's machine output, from Debian: promtool (package
// prometheus) and node_exporter (package prometheus-node-exporter). Outside CI a missing tool
// skips with a reason; with CI=true it fails, as .ci/run installs both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { TestContext } from 'node:test';
import { which } from './harness/paths.ts';
import { pollUntil } from './harness/poll.ts';
import { need } from './needs.ts';

const PROMTOOL = which('promtool');
const NODE_EXPORTER = which('prometheus-node-exporter') ?? which('node_exporter');

export function requireMonitoringTools(t: TestContext): boolean {
  const missing = [...(PROMTOOL ? [] : ['promtool (Debian package prometheus)']), ...(NODE_EXPORTER ? [] : ['prometheus-node-exporter'])];
  return need(t, missing.length === 0 ? undefined : `not installed: ${missing.join(', ')}`);
}

/** `promtool check metrics` on an exposition: exit 0 and no complaint, or what it said. */
export function promtoolCheck(exposition: string): { ok: boolean; output: string } {
  const run = spawnSync(PROMTOOL ?? 'promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  return { ok: run.status === 0 && output === '', output: output || String(run.error ?? `exit ${run.status}`) };
}

export interface NodeExporter {
  url: string;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

/** node_exporter on 127.0.0.1 with only the textfile collector, reading `dir`. */
export async function startNodeExporter(dir: string): Promise<NodeExporter> {
  let lastError: unknown;
  // The free port is found by binding and closing it: another process may take it meanwhile.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launch(dir, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(dir: string, port: number): Promise<NodeExporter> {
  const child = spawn(
    NODE_EXPORTER ?? 'prometheus-node-exporter',
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      '--collector.textfile',
      `--collector.textfile.directory=${dir}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}/metrics`;
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) return 'exited';
        return get(url).then(() => 'up');
      },
      { timeoutMs: 10_000, intervalMs: 50, what: `node_exporter on ${url}`, describe: () => log },
    ).then((state) => {
      if (state === 'exited') throw new Error(`node_exporter exited at start-up:\n${log}`);
    });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, scrape: () => get(url), stop: () => stopChild(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: timed out`)));
    req.on('error', reject);
  });
}

/** By PID: SIGTERM, then SIGKILL if it has not exited within 3 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
