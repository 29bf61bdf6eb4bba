// Pure: `cluster` options and environment → a validated ClusterConfig (UsageError → exit 2).
import type { ClusterAuth, ClusterConfig } from '../commands/cluster/config.ts';
import { UsageError } from '../util/usage-error.ts';
import { CLUSTER_DEFAULTS, colorOption, durationOption, oneOf } from './config.ts';
import type { ProbeEnv } from './env.ts';

export interface RawClusterOptions {
  prometheus?: string;
  selector?: string;
  staleAfter?: string;
  window?: string;
  timeout?: string;
  basicAuthUser?: string;
  basicAuthPasswordFile?: string;
  bearerTokenFile?: string;
  output?: string;
  color?: boolean;
}

/** One matcher: a label name, an operator, a double-quoted string with escapes. */
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*`;
const SELECTOR = new RegExp(String.raw`^\{(?:${MATCHER}(?:,${MATCHER})*,?\s*)?\}$`);

export function buildClusterConfig(options: RawClusterOptions, env: ProbeEnv, isTTY: boolean): ClusterConfig {
  const url = options.prometheus ?? env.prometheusUrl;
  if (url === undefined || url.trim() === '') throw new UsageError('cluster needs --prometheus URL (or $PROMETHEUS_URL)');
  return {
    prometheusUrl: prometheusUrl(url),
    selector: selectorOption(options.selector),
    staleAfterMs: options.staleAfter === undefined ? undefined : positive('--stale-after', options.staleAfter),
    windowMs: positive('--window', options.window ?? CLUSTER_DEFAULTS.window),
    timeoutMs: positive('--timeout', options.timeout ?? CLUSTER_DEFAULTS.timeout),
    output: oneOf('--output', options.output ?? 'text', ['text', 'json'] as const),
    color: colorOption(options.color, env, isTTY),
    auth: authOption(options),
  };
}

function prometheusUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`invalid Prometheus URL "${text}": expected http://host:port or https://host/path`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`invalid Prometheus URL "${text}": only http:// and https://`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError(`invalid Prometheus URL "${text}": pass credentials with --basic-auth-user and --basic-auth-password-file`);
  if (url.search !== '' || url.hash !== '') throw new UsageError(`invalid Prometheus URL "${text}": no query string or fragment`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** `{cluster="prod",region=~"eu.*"}` → `cluster="prod",region=~"eu.*"`; a metric name or anything else is refused. */
export function selectorOption(text: string | undefined): string {
  if (text === undefined) return '';
  const trimmed = text.trim();
  if (!SELECTOR.test(trimmed)) {
    throw new UsageError(`invalid value "${text}" for --selector: expected label matchers in braces, such as '{cluster="prod"}'`);
  }
  return trimmed.slice(1, -1).trim().replace(/\s*,$/, '');
}

function positive(flag: string, text: string): number {
  const ms = durationOption(flag, text);
  if (ms <= 0) throw new UsageError(`invalid value "${text}" for ${flag}: must be greater than zero`);
  return ms;
}

function authOption(options: RawClusterOptions): ClusterAuth {
  if (options.bearerTokenFile !== undefined) {
    if (options.basicAuthUser !== undefined || options.basicAuthPasswordFile !== undefined) {
      throw new UsageError('--bearer-token-file cannot be used with --basic-auth-user or --basic-auth-password-file');
    }
    return { kind: 'bearer', tokenFile: options.bearerTokenFile };
  }
  if (options.basicAuthPasswordFile !== undefined && options.basicAuthUser === undefined) {
    throw new UsageError('--basic-auth-password-file needs --basic-auth-user');
  }
  if (options.basicAuthUser !== undefined)
    return { kind: 'basic', user: options.basicAuthUser, passwordFile: options.basicAuthPasswordFile };
  return { kind: 'none' };
}
