// What `serve` is asked to do, validated by src/cli/serve-config.ts.
import { isIP } from 'node:net';
import type { CheckRunConfig, ContextConfig } from '../../checks/types.ts';

export interface ListenAddress {
  /** undefined: every interface (`:9098`). */
  host: string | undefined;
  port: number;
}

export interface ServeConfig {
  /** What /livez and /readyz run: the checks of the CLI's live and ready probes, same options. */
  live: CheckRunConfig & ContextConfig;
  ready: CheckRunConfig & ContextConfig;
  listen: ListenAddress;
  /** /metrics is served at all. */
  metrics: boolean;
  /** /metrics on a listener of its own instead of beside the health endpoints. */
  metricsListen: ListenAddress | undefined;
  /** A result younger than this is reused instead of probing again. */
  minIntervalMs: number;
}

/** How an address appears in logs: `127.0.0.1:9098`, `[::1]:9098`, `*:9098`. */
export function formatAddress(host: string | undefined, port: number): string {
  if (host === undefined) return `*:${port}`;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
