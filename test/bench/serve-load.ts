// Load benchmark for `calico-probe serve` (a script, not a test): the real BIRD/runit harness and
// a Felix stand-in behind serve, then `wrk -c50 -d10s` against /readyz three times. Reports
// non-2xx answers and socket errors, p99 latency, requests/s, serve's RSS before and after each
// run, and how often BIRD was asked (counted by a proxy in front of its control socket).
//
// A first run warms up the JIT and lets V8 size its heap for the load; it is reported as run 0
// and not judged for latency. Side by side, on the same Node: a bare node:http server answering
// 200, as the floor serve's memory is held to (issue 15): serve's RSS when idle (after its first
// probes and a few requests) at most 10 MB above the bare server's, at most 15 MB above it after
// the same wrk load (warm-up plus runs: 60 s by default), and at most 10 ms of CPU per idle
// minute (utime + stime from /proc, over BENCH_IDLE), with default flags.
//
//   npm run bench:serve            (root: the harness creates network namespaces)
//   BENCH_RUNS=5 BENCH_DURATION=20s BENCH_WARMUP=10s BENCH_IDLE=30 npm run bench:serve
//   BENCH_SERVE_NODE_OPTIONS=--max-semi-space-size=2 npm run bench:serve     (other V8 flags)
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startBirdProxy } from '../support/bird-proxy.ts';
import { startFelixStandin } from '../support/felix-standin.ts';
import { harnessAvailability, startHarness } from '../support/harness/index.ts';
import { startServe } from '../support/serve-process.ts';
import { parseWrk, type WrkResult } from './wrk-report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DURATION = process.env.BENCH_DURATION ?? '10s';
const WARMUP = process.env.BENCH_WARMUP ?? '30s';
/** Seconds of no requests over which idle CPU is measured. */
const IDLE_SECONDS = Number(process.env.BENCH_IDLE ?? 60);
/** Seconds after the last request before the idle minute starts (V8's clean-up after them). */
const SETTLE_SECONDS = 25;
/** Default flags: serve must keep within bounds without NODE_OPTIONS. */
const SERVE_NODE_OPTIONS = process.env.BENCH_SERVE_NODE_OPTIONS ?? '';
const BOUNDS = { idleRssMb: 10, loadedRssMb: 15, idleCpuMsPerMin: 10 };
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (getconf CLK_TCK; 100 on Linux). */
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const CONNECTIONS = 50;
const MIN_INTERVAL_MS = 1000;
/** Growth of RSS from the first run's end to the last run's end still counted as stable. */
const RSS_TOLERANCE_KB = 2048;

interface Row extends WrkResult {
  rssBeforeKb: number;
  rssAfterKb: number;
  birdBatches: number;
}

/** CPU time (user + system) a process has used so far, ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

/** A bare node:http server answering 200, on the same Node: the floor serve is compared to. */
async function startBare(): Promise<{ child: ChildProcess; base: string }> {
  const script = `require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { child, base: `http://127.0.0.1:${chunk.toString().trim()}` };
}

/** A few requests, then quiet: what the process holds between two kubelet probes. */
async function settle(url: string): Promise<void> {
  for (let i = 0; i < 20; i++) await fetch(url).then((r) => r.arrayBuffer());
  await new Promise((resolve) => setTimeout(resolve, 5000));
}

const seconds = (duration: string): number => Number.parseFloat(duration) * (duration.endsWith('m') ? 60 : 1);

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
    const bare = await startBare();
    const barePid = bare.child.pid as number;
    await Promise.all([settle(`${serve.base}/readyz`), settle(`${bare.base}/`)]);
    const idle: Idle = { serveRssKb: rssKb(pid), bareRssKb: rssKb(barePid), serveCpuMsPerMin: 0, bareCpuMsPerMin: 0 };
    // V8 collects what the requests left some seconds after them (its memory reducer): that is
    // reported apart, and the idle minute starts after it.
    const [settledServe, settledBare] = [cpuMs(pid), cpuMs(barePid)];
    await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
    idle.serveAfterRequestsCpuMs = cpuMs(pid) - settledServe;
    idle.bareAfterRequestsCpuMs = cpuMs(barePid) - settledBare;
    const [serveCpu, bareCpu] = [cpuMs(pid), cpuMs(barePid)];
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    idle.serveCpuMsPerMin = ((cpuMs(pid) - serveCpu) * 60) / IDLE_SECONDS;
    idle.bareCpuMsPerMin = ((cpuMs(barePid) - bareCpu) * 60) / IDLE_SECONDS;
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
    // The same load, as long, on the bare server.
    const total = `${seconds(WARMUP) + RUNS * seconds(DURATION)}s`;
    await promisify(execFile)('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${total}`, `${bare.base}/`], { encoding: 'utf8' });
    idle.bareLoadedRssKb = rssKb(barePid);
    bare.child.kill();
    const checks = [...verdicts(rows), ...memoryVerdicts(idle, rows)];
    process.stdout.write(report(warmup, rows, idle, total, checks, stopped.code));
    return checks.every((v) => v.ok) && stopped.code === 0 ? 0 : 1;
  } finally {
    await proxy.close();
    await Promise.all([harness.stop(), felix.close()]);
  }
}

interface Idle {
  serveRssKb: number;
  bareRssKb: number;
  serveCpuMsPerMin: number;
  bareCpuMsPerMin: number;
  bareLoadedRssKb?: number;
  serveAfterRequestsCpuMs?: number;
  bareAfterRequestsCpuMs?: number;
}

const mb = (kb: number): string => (kb / 1024).toFixed(1);

function memoryVerdicts(idle: Idle, rows: Row[]): { what: string; ok: boolean }[] {
  const loaded = (rows.at(-1) as Row).rssAfterKb;
  const bareLoaded = idle.bareLoadedRssKb ?? NaN;
  return [
    {
      what: `idle RSS within +${BOUNDS.idleRssMb} MB of the bare server (${mb(idle.serveRssKb)} against ${mb(idle.bareRssKb)} MB: +${mb(idle.serveRssKb - idle.bareRssKb)})`,
      ok: idle.serveRssKb - idle.bareRssKb <= BOUNDS.idleRssMb * 1024,
    },
    {
      what: `RSS after the load within +${BOUNDS.loadedRssMb} MB of the bare server's after the same load (${mb(loaded)} against ${mb(bareLoaded)} MB: +${mb(loaded - bareLoaded)})`,
      ok: loaded - bareLoaded <= BOUNDS.loadedRssMb * 1024,
    },
    {
      what: `idle CPU at most ${BOUNDS.idleCpuMsPerMin} ms per minute (${idle.serveCpuMsPerMin.toFixed(1)} ms; the bare server ${idle.bareCpuMsPerMin.toFixed(1)} ms; over ${IDLE_SECONDS} s)`,
      ok: idle.serveCpuMsPerMin <= BOUNDS.idleCpuMsPerMin,
    },
  ];
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

function report(
  warmup: Row,
  rows: Row[],
  idle: Idle,
  total: string,
  checks: { what: string; ok: boolean }[],
  exitCode: number | null,
): string {
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
    '| process (same Node) | idle RSS MB | RSS after load MB | idle CPU ms/min |',
    '|---|---|---|---|',
    `| bare \`node:http\` server answering 200 | ${mb(idle.bareRssKb)} | ${mb(idle.bareLoadedRssKb ?? NaN)} | ${idle.bareCpuMsPerMin.toFixed(1)} |`,
    `| \`calico-probe serve\` | ${mb(idle.serveRssKb)} | ${mb((rows.at(-1) as Row).rssAfterKb)} | ${idle.serveCpuMsPerMin.toFixed(1)} |`,
    '',
    `Idle RSS: after the first probes, 20 requests and 5 s. Idle CPU: over ${IDLE_SECONDS} s without requests, from ${5 + SETTLE_SECONDS} s after the last one; in the ${SETTLE_SECONDS} s before, V8 cleaning up after the requests cost serve ${(idle.serveAfterRequestsCpuMs ?? NaN).toFixed(0)} ms and the bare server ${(idle.bareAfterRequestsCpuMs ?? NaN).toFixed(0)} ms. After load: at the end of the last run (${total} of wrk in all), the bare server after one ${total} run.`,
    '',
    ...checks.map((v) => `${v.ok ? 'PASS' : 'FAIL'}  ${v.what}`),
    `${exitCode === 0 ? 'PASS' : 'FAIL'}  SIGTERM afterwards: exit ${exitCode}`,
    '',
  ];
  return lines.join('\n');
}

process.exitCode = await main();
