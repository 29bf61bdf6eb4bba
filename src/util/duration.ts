// Durations as the options accept them (README, Options): 250ms, 4s, 1m30s, 1h, or a bare number of seconds.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/** Milliseconds for `text`, or undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const input = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(input)) return Math.round(Number(input) * 1000);
  if (input === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return Math.round(total);
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
