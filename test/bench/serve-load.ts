// Load benchmark for `calico-probe serve` (a script, not a test): the real BIRD/runit harness and
// a Felix stand-in behind serve, then `wrk -c50 -d10s` against /readyz three times. Reports
// non-2xx answers and socket errors, p99 latency, requests/s, serve's RSS before and after each
// run, and how often BIRD was asked (counted by a proxy in front of its control socket).
//
// A first, shorter run warms up the JIT and lets V8 size its heap for the load; it is reported
// as run 0 and not judged.
//
//   npm run bench:serve            (root: the harness creates network namespaces)
//   BENCH_RUNS=5 BENCH_DURATION=20s BENCH_WARMUP=10s npm run bench:serve
//   BENCH_SERVE_NODE_OPTIONS= npm run bench:serve     (V8's default heap sizing)
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startBirdProxy } from '../support/bird-proxy.ts';
import { startFelixStandin } from '../support/felix-standin.ts';
import { harnessAvailability, startHarness } from '../support/harness/index.ts';
import { startServe } from '../support/serve-process.ts';
import { parseWrk, type WrkResult } from './wrk-report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = process.env.BENCH_DURATION ?? '10s';
const WARMUP = process.env.BENCH_WARMUP ?? '10s';
/** As README's pod specs run serve: a small young generation keeps RSS flat under load. */
const SERVE_NODE_OPTIONS = process.env.BENCH_SERVE_NODE_OPTIONS ?? '--max-semi-space-size=2';
const CONNECTIONS = 50;
const MIN_INTERVAL_MS = 1000;
/** Growth of RSS from the first run's end to the last run's end still counted as stable. */
const RSS_TOLERANCE_KB = 2048;

interface Row extends WrkResult {
  rssBeforeKb: number;
  rssAfterKb: number;
  birdBatches: number;
}

function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN);
}

function prerequisites(): string | undefined {
  const harness = harnessAvailability();
  if (!harness.ok) return harness.reason;
  if (spawnSync('wrk', ['--version']).error) return 'wrk is not installed (Debian package wrk; .ci/run installs it)';
  return undefined;
}

async function main(): Promise<number> {
  const missing = prerequisites();
  if (missing !== undefined) {
    process.stderr.write(`bench:serve cannot run here: ${missing}\n`);
    return 2;
  }
  const [harness, felix] = await Promise.all([startHarness(), startFelixStandin()]);
  const proxy = await startBirdProxy(harness.bird.socket);
  try {
    await harness.setNodenameAge(120);
    const serve = await startServe(
      [
        '--felix-url',
        felix.url,
        '--bird-socket',
        proxy.path,
        '--bird6-socket',
        harness.bird6.socket,
        '--service-dir',
        harness.serviceDir,
        '--nodename-file',
        harness.nodenameFile,
        '--family',
        'ipv4',
      ],
      { env: { NODE_OPTIONS: SERVE_NODE_OPTIONS } },
    );
    const pid = serve.child.pid as number;
    await serve.waitForLog('probe-changed', (l) => l.probe === 'ready' && l.to === 'pass');
    const load = async (duration: string): Promise<Row> => {
      const rssBeforeKb = rssKb(pid);
      const commandsBefore = proxy.commands.length;
      // Asynchronously: the BIRD proxy lives in this process's event loop.
      const wrk = await promisify(execFile)('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${duration}`, '--latency', `${serve.base}/readyz`], {
        encoding: 'utf8',
      });
      const batches = proxy.commands.slice(commandsBefore).filter((c) => c === 'show protocols').length;
      return { ...parseWrk(wrk.stdout), rssBeforeKb, rssAfterKb: rssKb(pid), birdBatches: batches };
    };
    const warmup = await load(WARMUP);
    const rows: Row[] = [];
    for (let run = 1; run <= RUNS; run++) rows.push(await load(DURATION));
    const stopped = await serve.stop('SIGTERM');
    process.stdout.write(report(warmup, rows, stopped.code));
    return verdicts(rows).every((v) => v.ok) && stopped.code === 0 ? 0 : 1;
  } finally {
    await proxy.close();
    await Promise.all([harness.stop(), felix.close()]);
  }
}

function verdicts(rows: Row[]): { what: string; ok: boolean }[] {
  const first = rows[0] as Row;
  const last = rows.at(-1) as Row;
  return [
    { what: 'no non-2xx answers and no socket errors', ok: rows.every((r) => r.non2xx === 0 && r.socketErrors === 0) },
    { what: 'p99 latency below 10 ms', ok: rows.every((r) => r.p99Ms < 10) },
    {
      what: `BIRD asked at most once per --min-interval (${MIN_INTERVAL_MS} ms)`,
      ok: rows.every((r) => r.birdBatches <= Math.ceil((r.seconds * 1000) / MIN_INTERVAL_MS) + 1),
    },
    {
      what: `RSS stable across runs (end of last run ≤ end of first + ${RSS_TOLERANCE_KB} kB)`,
      ok: last.rssAfterKb <= first.rssAfterKb + RSS_TOLERANCE_KB,
    },
  ];
}

function report(warmup: Row, rows: Row[], exitCode: number | null): string {
  const line = (r: Row, label: string): string =>
    `| ${label} | ${Math.round(r.requestsPerSecond)} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.non2xx} | ${r.socketErrors} | ${(r.birdBatches / r.seconds).toFixed(2)} | ${(r.rssBeforeKb / 1024).toFixed(1)} | ${(r.rssAfterKb / 1024).toFixed(1)} |`;
  const lines = [
    `calico-probe serve under wrk -t2 -c${CONNECTIONS} -d${DURATION} against /readyz (--min-interval ${MIN_INTERVAL_MS} ms, Node ${process.version}, NODE_OPTIONS=${SERVE_NODE_OPTIONS})`,
    '',
    '| run | requests/s | p50 ms | p99 ms | non-2xx | socket errors | BIRD queries/s | RSS before MB | RSS after MB |',
    '|---|---|---|---|---|---|---|---|---|',
    line(warmup, `0 (warm-up, ${WARMUP})`),
    ...rows.map((r, i) => line(r, String(i + 1))),
    '',
    ...verdicts(rows).map((v) => `${v.ok ? 'PASS' : 'FAIL'}  ${v.what}`),
    `${exitCode === 0 ? 'PASS' : 'FAIL'}  SIGTERM afterwards: exit ${exitCode}`,
    '',
  ];
  return lines.join('\n');
}

process.exitCode = await main();
