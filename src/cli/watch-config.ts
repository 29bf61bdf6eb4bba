// Pure: `watch <live|ready|check names…>` and its options → a validated WatchConfig. The
// probe itself is configured exactly as the one-shot command would be (buildConfig).
import { buildConfig, durationOption, type RawOptions, type Selection, WATCH_DEFAULTS } from './config.ts';
import type { ProbeEnv } from './env.ts';
import { UsageError } from '../util/usage-error.ts';
import type { WatchConfig } from '../commands/watch/config.ts';

export interface RawWatchOptions extends RawOptions {
  period?: string;
  successThreshold?: string;
  failureThreshold?: string;
  count?: string;
}

export function buildWatchConfig(
  probe: string,
  names: readonly string[],
  options: RawWatchOptions,
  env: ProbeEnv,
  isTTY: boolean,
): WatchConfig {
  const selection = selectionFor(probe, names);
  const config = buildConfig(selection, options, env, isTTY);
  if (config.output !== 'text' && config.output !== 'json') {
    throw new UsageError(`invalid value "${config.output}" for --output: watch prints text or json`);
  }
  if (config.textfile !== undefined) throw new UsageError('--textfile cannot be used with watch');
  const periodMs = durationOption('--period', options.period ?? WATCH_DEFAULTS.period);
  if (periodMs < 100) throw new UsageError(`invalid value "${options.period}" for --period: must be at least 100ms`);
  return {
    probe: config,
    kind: config.checks.some((name) => name.endsWith('-ready')) ? 'ready' : 'live',
    periodMs,
    thresholds: {
      success: positiveInteger('--success-threshold', options.successThreshold ?? WATCH_DEFAULTS.successThreshold),
      failure: positiveInteger('--failure-threshold', options.failureThreshold ?? WATCH_DEFAULTS.failureThreshold),
    },
    count: options.count === undefined ? null : positiveInteger('--count', options.count),
  };
}

function selectionFor(probe: string, names: readonly string[]): Selection {
  if (probe === 'check') return { command: 'check', names };
  if (probe !== 'live' && probe !== 'ready') throw new UsageError(`invalid probe "${probe}" for watch: expected live, ready or check`);
  if (names.length > 0) throw new UsageError(`watch ${probe} takes no check names (got ${names.join(' ')}); use watch check <names...>`);
  return { command: probe };
}

function positiveInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new UsageError(`invalid value "${text}" for ${flag}: expected a whole number from 1 up`);
  return Number(text);
}
