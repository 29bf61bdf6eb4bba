// Which answer a request gets, decided from its request line and headers alone. Pure.
//   GET|HEAD /livez, /liveness    the live probe       /readyz, /readiness   the ready probe
//   ?verbose or Accept: application/json → the JSON document; otherwise the text verdict
//   GET|HEAD /metrics             when metrics are served on this listener
import type { IncomingHttpHeaders } from 'node:http';
import type { ProbeKind } from '../../checks/types.ts';

export type Route =
  | { kind: 'probe'; probe: ProbeKind; json: boolean; label: string }
  | { kind: 'metrics'; label: string }
  | { kind: 'refuse'; status: 404 | 405 | 413; message: string; label: string };

export interface RequestHead {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

const PROBE_PATHS: Record<string, ProbeKind | undefined> = {
  '/livez': 'live',
  '/liveness': 'live',
  '/readyz': 'ready',
  '/readiness': 'ready',
};
export const METHODS_ALLOWED = 'GET, HEAD';

export function route({ method, url = '/', headers }: RequestHead, servesMetrics: boolean): Route {
  const [path = '/', query = ''] = url.split(/\?(.*)/s);
  const probe = PROBE_PATHS[path];
  const isMetrics = servesMetrics && path === '/metrics';
  // A fixed set of label values, never the raw path: metrics must stay low-cardinality.
  const label = probe !== undefined || isMetrics ? path : 'other';
  if (probe === undefined && !isMetrics) {
    return {
      kind: 'refuse',
      status: 404,
      message: `not found: the endpoints are /livez, /readyz, /liveness, /readiness${servesMetrics ? ', /metrics' : ''}`,
      label,
    };
  }
  if (method !== 'GET' && method !== 'HEAD')
    return { kind: 'refuse', status: 405, message: `method not allowed: use ${METHODS_ALLOWED}`, label };
  if (hasBody(headers)) return { kind: 'refuse', status: 413, message: 'request bodies are not accepted', label };
  if (probe === undefined) return { kind: 'metrics', label };
  const json = new URLSearchParams(query).has('verbose') || (headers.accept ?? '').includes('application/json');
  return { kind: 'probe', probe, json, label };
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
