// Options and environment in, a validated ProbeConfig (or, for serve, CheckRunConfig) out. Pure: every bad value
// becomes a UsageError (exit 2) that names the flag or variable and the value,
// before anything is probed.
import { parseDuration } from '../util/duration.ts';
import { UsageError } from '../util/usage-error.ts';
import { didYouMean } from '../util/suggest.ts';
import type { ProbeEnv } from './env.ts';
import { ipFamily } from '../util/ip.ts';
import {
  CHECK_NAMES,
  type CheckName,
  type CheckRunConfig,
  type ContextConfig,
  type Family,
  type FamilyOption,
  type KubeSource,
  type OutputConfig,
  type OutputFormat,
  type ProbeConfig,
  type ProbeKind,
} from '../checks/types.ts';

/** Option values as commander hands them over (strings, unvalidated). */
export interface RawOptions {
  felixUrl?: string;
  birdSocket?: string;
  bird6Socket?: string;
  serviceDir?: string;
  nodenameFile?: string;
  thresholdTime?: string;
  timeout?: string;
  family?: string;
  output?: string;
  textfile?: string;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  shutdownFile?: string;
  confdConfigDir?: string;
  kubeconfig?: string;
  nodeName?: string;
}

export type Selection = { command: ProbeKind } | { command: 'check'; names: readonly string[] };

export const DEFAULTS = {
  birdSocket: '/var/run/calico/bird.ctl',
  bird6Socket: '/var/run/calico/bird6.ctl',
  serviceDir: '/etc/service/enabled',
  nodenameFile: '/var/lib/calico/nodename',
  thresholdTime: '30s',
  timeout: '4s',
  family: 'auto',
  output: 'text',
  shutdownFile: '/var/lib/calico/shutdownTS',
  confdConfigDir: '/etc/calico/confd/config',
  serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
} as const;

// The other commands' defaults live here too, so that the option table (option-table.ts), which
// the probe commands read, needs none of those commands' modules.
export const CLUSTER_DEFAULTS = { window: '15m', timeout: '10s' } as const;
/** Loopback by default, like Felix's own health server: nothing outside the node can ask. */
export const SERVE_DEFAULTS = { listen: '127.0.0.1:9098', minInterval: '1s' } as const;
/** kubelet's defaults, except the period: 2 s suits a person watching better than 10 s. */
export const WATCH_DEFAULTS = { period: '2s', successThreshold: '1', failureThreshold: '3' } as const;

const FAMILY_OPTIONS: readonly FamilyOption[] = ['ipv4', 'ipv6', 'dual', 'auto'];
const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'prometheus', 'nagios', 'npd'];
const FELIX_CHECKS: readonly CheckName[] = ['felix-live', 'felix-ready'];

/** The CLI's probe: the checks to run and how to report them. */
export function buildConfig(selection: Selection, options: RawOptions, env: ProbeEnv, isTTY: boolean): ProbeConfig {
  const checks = selectChecks(selection, options.family ?? DEFAULTS.family, env);
  if (options.quiet && options.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  return { ...checkRunConfig(checks, options, env), ...contextConfig(options, env), ...outputConfig(options, env, isTTY) };
}

/** What serve runs: the checks and the context that explains a failure; it renders its answers itself. */
export function buildCheckRunConfig(selection: Selection, options: RawOptions, env: ProbeEnv): CheckRunConfig & ContextConfig {
  return {
    ...checkRunConfig(selectChecks(selection, options.family ?? DEFAULTS.family, env), options, env),
    ...contextConfig(options, env),
  };
}

function checkRunConfig(checks: CheckName[], options: RawOptions, env: ProbeEnv): CheckRunConfig {
  const timeoutMs = timeoutOption(options.timeout);
  return {
    checks,
    felixUrl: checks.some((c) => FELIX_CHECKS.includes(c)) ? felixUrl(options.felixUrl, env) : '',
    birdSocket: options.birdSocket ?? DEFAULTS.birdSocket,
    bird6Socket: options.bird6Socket ?? DEFAULTS.bird6Socket,
    serviceDir: options.serviceDir ?? DEFAULTS.serviceDir,
    nodenameFile: options.nodenameFile ?? (env.nodenameFile || DEFAULTS.nodenameFile),
    thresholdMs: durationOption('--threshold-time', options.thresholdTime ?? DEFAULTS.thresholdTime),
    timeoutMs,
    confdConfigDir: options.confdConfigDir ?? DEFAULTS.confdConfigDir,
  };
}

function contextConfig(options: RawOptions, env: ProbeEnv): ContextConfig {
  return {
    shutdownFile: options.shutdownFile || env.shutdownFile || DEFAULTS.shutdownFile,
    kube: kubeSource(options.kubeconfig, env),
    nodeName: (options.nodeName ?? env.nodeName ?? '').trim(),
  };
}

function outputConfig(options: RawOptions, env: ProbeEnv, isTTY: boolean): OutputConfig {
  return {
    output: oneOf('--output', options.output ?? DEFAULTS.output, OUTPUT_FORMATS),
    textfile: options.textfile,
    quiet: options.quiet ?? false,
    verbose: options.verbose ?? false,
    color: colorOption(options.color, env, isTTY),
  };
}

/**
 * Where the Node is read from: --kubeconfig, else the pod's service account (the kubelet sets
 * KUBERNETES_SERVICE_HOST and _PORT in every pod), else $KUBECONFIG (its first file); neither:
 * undefined, and the Node is simply not read (README, "Expected unready").
 */
export function kubeSource(flag: string | undefined, env: ProbeEnv): KubeSource | undefined {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('invalid value "" for --kubeconfig: expected a file');
    return { kind: 'kubeconfig', path: flag };
  }
  const host = env.kubernetesServiceHost?.trim() ?? '';
  const port = env.kubernetesServicePort?.trim() ?? '';
  if (host !== '' && port !== '') {
    // Not validated here: a bad value loses only the context (README, "Expected unready"), never the verdict.
    return { kind: 'in-cluster', host, port, serviceAccountDir: DEFAULTS.serviceAccountDir };
  }
  const first = env.kubeconfig?.split(':').find((path) => path.trim() !== '');
  return first === undefined ? undefined : { kind: 'kubeconfig', path: first };
}

/** --timeout, validated: a duration greater than zero. */
export function timeoutOption(text: string | undefined): number {
  const timeoutMs = durationOption('--timeout', text ?? DEFAULTS.timeout);
  if (timeoutMs <= 0) throw new UsageError(`invalid value "${text}" for --timeout: must be greater than zero`);
  return timeoutMs;
}

/** Colour on a TTY unless --no-color, NO_COLOR or TERM=dumb; FORCE_COLOR turns it on anywhere. */
export function colorOption(color: boolean | undefined, env: Pick<ProbeEnv, 'noColor' | 'forceColor'>, isTTY: boolean): boolean {
  return color !== false && !env.noColor && (env.forceColor || isTTY);
}

/** The checks a command stands for, in the stable order of CHECK_NAMES. */
export function selectChecks(selection: Selection, family: string, env: ProbeEnv): CheckName[] {
  if (selection.command === 'check') {
    if (selection.names.length === 0) throw new UsageError(`check needs at least one check name: ${CHECK_NAMES.join(', ')}`);
    for (const name of selection.names) {
      if (!(CHECK_NAMES as readonly string[]).includes(name)) {
        throw new UsageError(`unknown check "${name}"${didYouMean(name, CHECK_NAMES)}: expected one of ${CHECK_NAMES.join(', ')}`);
      }
    }
    return CHECK_NAMES.filter((name) => selection.names.includes(name));
  }
  const families = resolveFamilies(oneOf('--family', family, FAMILY_OPTIONS), env);
  const kind = selection.command;
  const wanted = new Set<CheckName>([`felix-${kind}`]);
  if (families.includes('ipv4')) wanted.add(`bird-${kind}`);
  if (families.includes('ipv6')) wanted.add(`bird6-${kind}`);
  return CHECK_NAMES.filter((name) => wanted.has(name));
}

/** `auto` follows calico-node's IP and IP6: `none` or unset disables a family; IPv4 when both are unset. */
export function resolveFamilies(option: FamilyOption, env: Partial<Pick<ProbeEnv, 'ip' | 'ip6'>>): Family[] {
  if (option === 'ipv4' || option === 'ipv6') return [option];
  if (option === 'dual') return ['ipv4', 'ipv6'];
  const state = (value: string | undefined) => {
    const v = value?.trim().toLowerCase() ?? '';
    return v === '' ? 'unset' : v === 'none' ? 'off' : 'on';
  };
  const [v4, v6] = [state(env.ip), state(env.ip6)];
  if (v4 === 'unset' && v6 === 'unset') return ['ipv4'];
  return [...(v4 === 'on' ? (['ipv4'] as const) : []), ...(v6 === 'on' ? (['ipv6'] as const) : [])];
}

/** --felix-url, else http://$FELIX_HEALTHHOST:$FELIX_HEALTHPORT with an IPv6 host bracketed. */
export function felixUrl(explicit: string | undefined, env: Partial<Pick<ProbeEnv, 'felixHealthHost' | 'felixHealthPort'>>): string {
  if (explicit !== undefined) return validateUrl(explicit, '--felix-url');
  const portText = env.felixHealthPort?.trim() || '9099';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new UsageError(`invalid FELIX_HEALTHPORT "${env.felixHealthPort}": expected a port number from 1 to 65535`);
  }
  const host = env.felixHealthHost?.trim() || 'localhost';
  const bracketed = ipFamily(host) === 6 ? `[${host}]` : host;
  return validateUrl(`http://${bracketed}:${port}`, 'FELIX_HEALTHHOST');
}

function validateUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`invalid ${source} "${text}": not a valid URL${schemeHint(text)}`);
  }
  if (url.protocol !== 'http:' && !text.includes('://')) {
    throw new UsageError(`invalid ${source} "${text}": not a valid URL${schemeHint(text)}`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`invalid ${source} "${text}": only http:// is supported (Felix serves plain HTTP)`);
  let path = url.pathname;
  while (path.endsWith('/')) path = path.slice(0, -1);
  return url.origin + path;
}

/** `127.0.0.1:9099` and `localhost:9099` lack only the scheme: say so. */
function schemeHint(text: string): string {
  return text.includes('://') ? '' : ` (did you mean "http://${text}"?)`;
}

export function durationOption(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a duration such as 250ms, 4s, 1m30s or a number of seconds`);
  return ms;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`invalid value "${value}" for ${flag}: expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}
