// -o npd: node-problem-detector's custom plugin contract (README, "node-problem-detector").
// NPD trims stdout and keeps its first max_output_length bytes (80 by default) as the
// condition's message, so the one line names the failing check and its cause within 80 bytes.
// Exit codes are in exit-codes.ts (0 OK, also for a planned failure; 1 problem; 2 unknown).
import type { CheckResult, Expected } from '../checks/types.ts';
import { overallStatus } from './exit-codes.ts';
import { withoutPrefixes } from './nagios.ts';
import { printable } from './paint.ts';
import { claim } from './verdict.ts';

export const NPD_LINE_MAX = 80;

export interface NpdOptions {
  expected: Expected | null;
  /** Why calico-probe could not do its whole job (a --textfile it could not write). */
  problem?: string | undefined;
}

export function renderNpd(results: readonly CheckResult[], { expected, problem }: NpdOptions): string {
  return `${npdLine(line(results, expected, problem))}\n`;
}

/** For a usage or internal error: NPD shows Unknown with this message. */
export function npdUnknownLine(message: string): string {
  return `${npdLine(`unknown: ${message}`)}\n`;
}

function line(results: readonly CheckResult[], expected: Expected | null, problem: string | undefined): string {
  if (problem !== undefined) return `unknown: ${problem}`;
  const status = overallStatus(results.map((r) => r.status));
  if (status === 'pass' || status === 'warn') return `calico/node is ${claim(results)}`;
  const failing = results.filter((r) => r.status === status);
  const causes = failing.map((r) => `${r.name}: ${withoutPrefixes(r)}`).join('; ');
  if (expected !== null) return `expected ${expected.reason}: ${causes}`;
  return status === 'unknown' ? `unknown: ${causes}` : causes;
}

/** One printable line of at most NPD_LINE_MAX bytes, never a split character. */
export function npdLine(text: string): string {
  const clean = printable(text, 1024).trim();
  if (Buffer.byteLength(clean) <= NPD_LINE_MAX) return clean;
  const cut = Buffer.from(clean)
    .subarray(0, NPD_LINE_MAX - 3)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `${cut}...`;
}
