// serve's options and environment in, a validated ServeConfig out. Pure, like config.ts: a bad
// address or interval is a UsageError (exit 2) naming the flag, before anything listens.
import { isIP } from 'node:net';
import { buildCheckRunConfig, type RawOptions, SERVE_DEFAULTS } from './config.ts';
import { parseDuration } from '../util/duration.ts';
import type { ProbeEnv } from './env.ts';
import { UsageError } from '../util/usage-error.ts';
import type { ListenAddress, ServeConfig } from '../commands/serve/config.ts';

export interface RawServeOptions extends RawOptions {
  listen?: string;
  metrics?: boolean;
  metricsListen?: string;
  minInterval?: string;
}

export function buildServeConfig(options: RawServeOptions, env: ProbeEnv): ServeConfig {
  if (options.metrics === false && options.metricsListen !== undefined) {
    throw new UsageError('--metrics-listen cannot be used with --no-metrics');
  }
  const listen = parseListen(options.listen ?? SERVE_DEFAULTS.listen, '--listen');
  const metricsListen = options.metricsListen === undefined ? undefined : parseListen(options.metricsListen, '--metrics-listen');
  if (metricsListen !== undefined && metricsListen.port !== 0 && metricsListen.port === listen.port && metricsListen.host === listen.host) {
    throw new UsageError(`--metrics-listen "${options.metricsListen}" is the --listen address; leave it out to serve /metrics there`);
  }
  const minIntervalText = options.minInterval ?? SERVE_DEFAULTS.minInterval;
  const minIntervalMs = parseDuration(minIntervalText);
  if (minIntervalMs === undefined) {
    throw new UsageError(`invalid value "${minIntervalText}" for --min-interval: expected a duration such as 500ms, 1s or 0`);
  }
  // No output options: serve answers with the text verdict or the JSON document itself.
  return {
    live: buildCheckRunConfig({ command: 'live' }, options, env),
    ready: buildCheckRunConfig({ command: 'ready' }, options, env),
    listen,
    metrics: options.metrics !== false,
    metricsListen,
    minIntervalMs,
  };
}

/** `127.0.0.1:9098`, `[::1]:9098`, `localhost:9098`, `:9098` (every interface); port 0 picks a free one. */
export function parseListen(text: string, flag: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const bad = (why: string) => new UsageError(`invalid value "${text}" for ${flag}: ${why}`);
  if (match === null) throw bad('expected host:port, [ipv6]:port or :port');
  const [, v6, name, portText] = match;
  const port = Number(portText);
  if (port > 65535) throw bad('the port must be from 0 to 65535');
  if (v6 !== undefined) {
    if (isIP(v6) !== 6) throw bad(`${v6} is not an IPv6 address`);
    return { host: v6, port };
  }
  if (name === undefined || name === '') return { host: undefined, port };
  if (isIP(name) === 0 && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(name)) throw bad(`"${name}" is not an address or host name`);
  return { host: name, port };
}
