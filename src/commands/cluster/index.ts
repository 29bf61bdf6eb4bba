// `calico-probe cluster`: the BGP mesh of a whole cluster, from what every node's calico-probe
// exports to Prometheus. Two rounds of instant queries, all evaluated at one instant and all under
// one --timeout; only failing series come back (queries.ts). main.ts loads this module only for
// this command, so neither it nor undici is on the probes' exec path.
import { readFile } from 'node:fs/promises';
import { type PrometheusAuth, type PrometheusClient, PrometheusError, openPrometheusClient } from '../../prometheus/client.ts';
import { clusterExitCode, ExitCode } from '../../report/exit-codes.ts';
import { loadPaint } from '../../report/paint.ts';
import { formatDuration } from '../../util/duration.ts';
import type { CommandIo } from '../io.ts';
import { analyse, type ClusterSamples, type ClusterView } from './analysis.ts';
import type { ClusterAuth, ClusterConfig } from './config.ts';
import { clusterQueries, establishedOf, INTERVAL_LOOKBACK_S, observersOf, series } from './queries.ts';
import { renderClusterJson } from './render-json.ts';
import { renderClusterText } from './render-text.ts';

/** The matrix is drawn for at most this many nodes: wider, it no longer reads at a glance. */
export const MATRIX_MAX_NODES = 40;
/** --stale-after when the data gives no scrape interval: 3 × Prometheus's default of 1m. */
const FALLBACK_STALE_AFTER_MS = 180_000;

export interface ClusterRun {
  view: ClusterView;
  staleAfterMs: number;
  evaluatedAt: number;
}

export async function run(config: ClusterConfig, io: Pick<CommandIo, 'writeOut' | 'writeErr' | 'columns'>): Promise<number> {
  let auth: PrometheusAuth;
  try {
    auth = await readAuth(config.auth);
  } catch (error) {
    io.writeErr(`calico-probe: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.Usage;
  }
  const wantMatrix = config.output === 'text' && io.columns !== undefined;
  let result: ClusterRun;
  try {
    result = await askPrometheus(config, auth, wantMatrix);
  } catch (error) {
    if (!(error instanceof PrometheusError)) throw error;
    io.writeErr(`calico-probe: ${error.message}\n`);
    return ExitCode.Unknown;
  }
  const { view, staleAfterMs, evaluatedAt } = result;
  if (config.output === 'json') {
    io.writeOut(
      renderClusterJson(view, {
        prometheus: config.prometheusUrl,
        selector: config.selector,
        evaluatedAt,
        staleAfterSeconds: staleAfterMs / 1000,
        windowSeconds: config.windowMs / 1000,
      }),
    );
  } else {
    const paint = await loadPaint(config.color);
    io.writeOut(
      renderClusterText(view, {
        paint,
        windowText: humanDuration(config.windowMs),
        staleAfterText: humanDuration(staleAfterMs),
        matrix: wantMatrix,
      }),
    );
  }
  return clusterExitCode(view.healthy);
}

/** Throws PrometheusError when Prometheus cannot be asked or has no calico-probe series. */
export async function askPrometheus(config: ClusterConfig, auth: PrometheusAuth, wantMatrix: boolean): Promise<ClusterRun> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  const client = await openPrometheusClient({ url: config.prometheusUrl, auth });
  try {
    return await rounds(client, config, wantMatrix, signal);
  } finally {
    await client.close().catch(() => {});
  }
}

async function rounds(client: PrometheusClient, config: ClusterConfig, wantMatrix: boolean, signal: AbortSignal): Promise<ClusterRun> {
  const evaluatedAt = Date.now() / 1000;
  const ask = (promql: string) => client.query(promql, evaluatedAt, signal);
  // The stale-after estimate is only needed for the stale query; everything else goes at once.
  const first = clusterQueries(config.selector, config.windowMs, config.staleAfterMs ?? FALLBACK_STALE_AFTER_MS);
  const [nodes, interval, failingChecks, expected, down, flapping] = await Promise.all([
    ask(first.nodes),
    config.staleAfterMs === undefined ? ask(first.interval) : Promise.resolve([]),
    ask(first.failingChecks),
    ask(first.expected),
    ask(first.down),
    ask(first.flapping),
  ]);
  if (nodes.length === 0) {
    throw new PrometheusError(
      'api',
      `Prometheus at ${config.prometheusUrl} has no calico-probe series (${series('calico_probe_node_info', config.selector)} over the last ${humanDuration(config.windowMs)}): is every node's serve /metrics (or textfile) scraped, and is --selector right?`,
    );
  }
  const staleAfterMs = config.staleAfterMs ?? staleAfterFromInterval(interval[0]?.value);
  const queries = clusterQueries(config.selector, config.windowMs, staleAfterMs);
  const owners = ownerInstances(nodes, down);
  const downAddresses = [...new Set(down.map((s) => s.labels.address ?? ''))].filter((a) => a !== '').sort();
  const [stale, noBird, observersOfDown, ownersEstablished, allSessions] = await Promise.all([
    ask(queries.stale),
    ask(queries.noBird),
    downAddresses.length === 0 ? Promise.resolve([]) : ask(observersOf(config.selector, downAddresses, queries.observersOfDown)),
    owners.length === 0 ? Promise.resolve([]) : ask(establishedOf(config.selector, owners)),
    wantMatrix && nodes.length <= MATRIX_MAX_NODES ? ask(queries.allSessions) : Promise.resolve(null),
  ]);
  const samples: ClusterSamples = {
    nodes,
    stale,
    noBird,
    failingChecks,
    expected,
    down,
    observersOfDown,
    flapping,
    ownersEstablished,
    allSessions,
  };
  return { view: analyse(samples), staleAfterMs, evaluatedAt };
}

/** 3 scrape intervals; the interval is the look-back over the samples each series has in it. */
export function staleAfterFromInterval(samplesPerLookback: number | undefined): number {
  if (samplesPerLookback === undefined || !Number.isFinite(samplesPerLookback) || samplesPerLookback < 1) return FALLBACK_STALE_AFTER_MS;
  const intervalMs = Math.min(300_000, Math.max(1000, (INTERVAL_LOOKBACK_S * 1000) / samplesPerLookback));
  return Math.round(3 * intervalMs);
}

/** The scrape targets of the nodes that own an address seen down: whose view of the other side matters. */
function ownerInstances(nodes: ClusterSamples['nodes'], down: ClusterSamples['down']): string[] {
  const downAddresses = new Set(down.map((s) => s.labels.address));
  const instances = nodes.filter((s) => downAddresses.has(s.labels.router_id)).map((s) => s.labels.instance ?? '');
  return [...new Set(instances)].filter((i) => i !== '').sort();
}

async function readAuth(auth: ClusterAuth): Promise<PrometheusAuth> {
  const secret = async (path: string, what: string) => {
    try {
      return (await readFile(path, 'utf8')).trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
      );
    }
  };
  if (auth.kind === 'bearer') return { kind: 'bearer', token: await secret(auth.tokenFile, '--bearer-token-file') };
  if (auth.kind === 'basic') {
    const password = auth.passwordFile === undefined ? '' : await secret(auth.passwordFile, '--basic-auth-password-file');
    return { kind: 'basic', user: auth.user, password };
  }
  return { kind: 'none' };
}

/** 15m, 1h, 90s, 2.5s: whole minutes and hours as such. */
export function humanDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  return formatDuration(ms);
}
