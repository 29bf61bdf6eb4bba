// `calico-probe serve`: a long-running HTTP endpoint for kubelet httpGet probes. main.ts loads
// this module only for the serve command, so the exec path never pays for it.
// Resolves with the exit code once stopped; main.ts alone sets it.
import type { Server } from 'node:http';
import { watchNode } from '../../context/index.ts';
import { ExitCode } from '../../report/exit-codes.ts';
import { makeHandler, type HandlerDeps } from './handler.ts';
import { jsonLog, type Log } from './log.ts';
import { ServeMetrics } from './metrics.ts';
import { formatAddress, type ListenAddress, type ServeConfig } from './config.ts';
import { Prober } from './probes.ts';
import { createServer, listen, shutdown } from './server.ts';
import { openKeptTransport } from './kept-open-transport.ts';
import type { LongRunningIo } from '../io.ts';

/** The signal (SIGTERM or SIGINT) stops accepting, finishes what is in flight and returns 0; logs go to stderr. */
export async function run(config: ServeConfig, runtime: Pick<LongRunningIo, 'signal' | 'writeErr'>): Promise<number> {
  const log = jsonLog(runtime.writeErr);
  const kept = openKeptTransport();
  const metrics = new ServeMetrics();
  let closing = false;
  // One watch on this node's Node for the whole run (README, "Expected unready"), stopped with serve.
  const watching = new AbortController();
  const nodeView = await watchNode(config.ready, watching.signal, (lost) =>
    lost === undefined ? log('info', 'node-watch-current', {}) : log('error', 'node-watch-lost', { message: lost, verdict: 'unaffected' }),
  );
  const deps: Omit<HandlerDeps, 'servesMetrics'> = {
    prober: new Prober(config, kept.transport, metrics, log, nodeView),
    metrics,
    log,
    closing: () => closing,
    identity: config.ready,
  };
  const separateMetrics = config.metrics && config.metricsListen !== undefined;
  const health = createServer(makeHandler({ ...deps, servesMetrics: config.metrics && !separateMetrics }));
  let address: string;
  try {
    address = await listen(health, config.listen);
  } catch (error) {
    log('error', 'listen-failed', { address: show(config.listen), message: errorText(error) });
    await kept.close();
    watching.abort();
    return ExitCode.Usage;
  }
  health.on('error', (error) => log('error', 'listener-error', { address, message: errorText(error) }));
  const metricsServer = separateMetrics ? await startMetricsListener(config.metricsListen as ListenAddress, deps, log) : undefined;
  log('info', 'listening', {
    address,
    metrics: !config.metrics ? 'off' : metricsServer === undefined ? (separateMetrics ? 'failed' : address) : metricsServer.address,
    live: config.live.checks,
    ready: config.ready.checks,
    minIntervalMs: config.minIntervalMs,
  });
  deps.prober.warmUp();

  await new Promise((resolve) =>
    runtime.signal.aborted ? resolve(undefined) : runtime.signal.addEventListener('abort', resolve, { once: true }),
  );
  closing = true;
  const graceMs = Math.max(config.live.timeoutMs, config.ready.timeoutMs) + 1000;
  const closed = Promise.all([shutdown(health, graceMs), metricsServer && shutdown(metricsServer.server, graceMs)]);
  log('info', 'stopping', {}); // no longer accepting by now
  await closed;
  await deps.prober.idle();
  watching.abort();
  await kept.close();
  log('info', 'stopped', {});
  return ExitCode.Healthy;
}

/** Metrics on their own listener. A failure to listen is logged and leaves health untouched. */
async function startMetricsListener(
  at: ListenAddress,
  deps: Omit<HandlerDeps, 'servesMetrics'>,
  log: Log,
): Promise<{ server: Server; address: string } | undefined> {
  const server = createServer(makeHandler({ ...deps, servesMetrics: true }));
  try {
    const address = await listen(server, at);
    server.on('error', (error) => log('error', 'metrics-listener-error', { address, message: errorText(error) }));
    return { server, address };
  } catch (error) {
    log('error', 'metrics-listener-failed', { address: show(at), message: errorText(error), health: 'unaffected' });
    return undefined;
  }
}

const show = (at: ListenAddress): string => formatAddress(at.host, at.port);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
