// One request in, one short answer out: the probe's verdict (200 or 503), the metrics page, or a
// refusal. Health never depends on metrics: /metrics is rendered only when asked for.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { renderPrometheus } from '../../report/prometheus.ts';
import type { Log } from './log.ts';
import type { ServeMetrics } from './metrics.ts';
import type { Prober } from './probes.ts';
import { METHODS_ALLOWED, route } from './routes.ts';

export interface HandlerDeps {
  prober: Prober;
  metrics: ServeMetrics;
  /** /metrics is answered on this listener. */
  servesMetrics: boolean;
  log: Log;
  /** Shutting down: answer, then close the connection instead of keeping it alive. */
  closing: () => boolean;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json';
const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

export function makeHandler(deps: HandlerDeps): RequestListener {
  return (req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      deps.log('error', 'internal-error', { url: req.url, message: error instanceof Error ? error.message : String(error) });
      if (res.headersSent) res.destroy();
      else send(req, res, 500, TEXT, Buffer.from('internal error in calico-probe serve (please report it)\n'));
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: HandlerDeps): Promise<void> {
  const target = route(req, deps.servesMetrics);
  let answer: [status: number, type: string, body: Buffer];
  if (target.kind === 'refuse') {
    if (target.status === 405) res.setHeader('Allow', METHODS_ALLOWED);
    // The body was never read: do not try to find the next request after it.
    if (target.status === 413) res.setHeader('Connection', 'close');
    answer = [target.status, TEXT, Buffer.from(`${target.message}\n`)];
  } else if (target.kind === 'metrics') {
    answer = [200, EXPOSITION, Buffer.from(metricsPage(deps))];
  } else {
    const outcome = await deps.prober.answer(target.probe);
    answer = [outcome.healthy ? 200 : 503, target.json ? JSON_TYPE : TEXT, target.json ? outcome.json : outcome.text];
  }
  // Checked after the wait: a request that outlived the start of shutdown must not keep its connection.
  if (deps.closing()) res.setHeader('Connection', 'close');
  deps.metrics.countRequest(target.label, send(req, res, ...answer));
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: Buffer): number {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return status;
}

/** The last results of both probes as `-o prometheus` writes them, then serve's own counters. */
function metricsPage({ prober, metrics }: HandlerDeps): string {
  const outcomes = prober.lastResults();
  const latest = Math.max(0, ...outcomes.map((o) => o.finishedAtMs));
  const results =
    outcomes.length > 0
      ? renderPrometheus(
          outcomes.flatMap((o) => o.results),
          // The live and ready runs' contexts agree on the marker and the Node; either will do.
          { timestampSeconds: latest / 1000, context: outcomes.find((o) => o.context.expected !== null)?.context },
        )
      : '';
  return results + metrics.render();
}
