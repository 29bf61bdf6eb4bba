// Durations as the options accept them (README, Options): 250ms, 4s, 1m30s, 1h, or a bare number of seconds.

import { isDigit } from './text.ts';

const UNIT_MS = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
]);

/**
 * Milliseconds for `text`, or undefined when it is not a duration. Read by hand: every probe
 * reads its timeout and threshold (util/text.ts says why).
 */
export function parseDuration(text: string): number | undefined {
  const input = text.trim();
  const bare = numberAt(input, 0);
  if (bare !== undefined && bare.end === input.length) return Math.round(Number(bare.text) * 1000);
  if (input === '') return undefined;
  let total = 0;
  for (let at = 0; at < input.length; ) {
    const amount = numberAt(input, at);
    if (amount === undefined) return undefined;
    const unit = input.startsWith('ms', amount.end) ? 'ms' : input[amount.end];
    const ms = unit === undefined ? undefined : UNIT_MS.get(unit);
    if (ms === undefined) return undefined;
    total += Number(amount.text) * ms;
    at = amount.end + (unit as string).length;
  }
  return Math.round(total);
}

/** `12` or `1.5` starting at `from` (digits, then optionally a dot and digits), and where it ends. */
function numberAt(text: string, from: number): { text: string; end: number } | undefined {
  let end = from;
  while (isDigit(text.charCodeAt(end))) end++;
  if (end === from) return undefined;
  if (text[end] === '.' && isDigit(text.charCodeAt(end + 1))) {
    end++;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  return { text: text.slice(from, end), end };
}

/**
 * How durations appear in messages, in the form --timeout accepts: `250ms`, `1.5s`, and from a
 * minute on whole seconds as Go prints them: `10m0s`, `1h2m3s`.
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) {
    const seconds = ms / 1000;
    return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
  }
  const total = Math.round(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  return `${h > 0 ? `${h}h` : ''}${m}m${s}s`;
}
