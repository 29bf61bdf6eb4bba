// Human text: the verdict line, then one line per check in the run's stable order.
// -v adds each check's layers, its BGP peers and timings; -q keeps only a failing verdict.
import { formatDuration } from '../util/duration.ts';
import { lastErrorOf } from '../bird/index.ts';
import { peersOf } from '../checks/details.ts';
import type { CheckResult, Layer, RunContext } from '../checks/types.ts';
import { expectedExplanation, expectedPhrase, runExpected } from './expected.ts';
import { printable, type Paint } from './paint.ts';
import { renderTable, type Column } from './table.ts';
import { verdictLine } from './verdict.ts';

export interface TextOptions {
  paint: Paint;
  verbose: boolean;
  quiet: boolean;
  /** The node's lifecycle context when a check failed (README, "Expected unready"). */
  context?: RunContext | undefined;
}

/**
 * The kubelet keeps 10 KiB of a probe's output (stdout, then stderr): without -v a run prints at
 * most this much, whatever BIRD or Felix sent, and at most MAX_WARNINGS warnings per check.
 */
export const MAX_TEXT_BYTES = 8 * 1024;
const MAX_WARNINGS = 5;

export function renderText(results: readonly CheckResult[], { paint, verbose, quiet, context }: TextOptions): string {
  const healthy = results.every((r) => r.status === 'pass' || r.status === 'warn');
  const expected = context === undefined ? null : runExpected(results, context);
  // calico-node's wording first, so greps still match; the planned reason after it.
  const note = expected === null ? '' : ` (expected: ${expectedPhrase(expected)})`;
  const verdict = printable(verdictLine(results) + note, 4096);
  if (quiet) return healthy ? '' : `${clipBytes(verdict, MAX_TEXT_BYTES / 2)}\n`;
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = [verdict];
  if (expected !== null) lines.push(printable(expectedExplanation(expected)));
  for (const result of results) {
    const status = paint.status(result.status, result.status.padEnd(7));
    const timing = verbose ? paint.dim(` (${formatDuration(result.durationMs)})`) : '';
    lines.push(`${result.name.padEnd(width)}  ${status} ${printable(result.message)}${timing}`);
    lines.push(...warningLines(result.warnings, verbose ? Infinity : MAX_WARNINGS, width + 2, paint));
    if (verbose) lines.push(...detailLines(result, width + 4, paint));
  }
  if (verbose && context !== undefined && context.layers.length > 0) {
    lines.push('context');
    lines.push(...layerLines(context.layers, width + 4, paint));
  }
  return verbose ? `${lines.join('\n')}\n` : capped(lines);
}

function warningLines(warnings: readonly string[], max: number, indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  const lines = warnings.slice(0, max).map((warning) => `${pad}${paint.status('warn', 'warning')} ${printable(warning)}`);
  const more = warnings.length - lines.length;
  if (more > 0) lines.push(`${pad}… ${more} more warning${more === 1 ? '' : 's'} (-v or -o json lists them all)`);
  return lines;
}

/** Room kept for the line that says how many lines were cut. */
const CUT_NOTE_BYTES = 100;

/** Whole lines up to MAX_TEXT_BYTES; the verdict always comes through, clipped if it must be. */
function capped(lines: readonly string[]): string {
  let out = '';
  for (const [i, line] of lines.entries()) {
    if (i === 0) {
      out = `${clipBytes(line, MAX_TEXT_BYTES / 2)}\n`;
    } else if (Buffer.byteLength(out) + Buffer.byteLength(line) + 1 + CUT_NOTE_BYTES > MAX_TEXT_BYTES) {
      return `${out}… ${lines.length - i} more line${lines.length - i === 1 ? '' : 's'} cut (-v or -o json shows everything)\n`;
    } else {
      out += `${line}\n`;
    }
  }
  return out;
}

function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  // Cut on bytes, then drop a character the cut split in two.
  return `${Buffer.from(text)
    .subarray(0, max - 3)
    .toString('utf8')
    .replace(/\uFFFD$/, '')}…`;
}

function detailLines(result: CheckResult, indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  const lines = layerLines(result.layers, indent, paint);
  const peers = peersOf(result);
  if (peers.length > 0) {
    const rows = peers.map((peer) => [
      { text: printable(peer.name) },
      { text: peer.port === null ? peer.address : `${peer.address} port ${peer.port}` },
      { text: peer.type },
      { text: printable(peer.bgpState ?? peer.state), paint: (t: string) => paint.status(peer.established ? 'pass' : 'fail', t) },
      // The state has its column: INFO is what BIRD said after it, not the state again.
      { text: printable(lastErrorOf(peer)) },
    ]);
    lines.push(...renderTable(PEER_COLUMNS, rows).map((line) => `${pad}  ${line}`));
  }
  return lines;
}

function layerLines(layers: readonly Layer[], indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  return layers.map((l) => {
    const text = `${l.step}: ${printable(l.detail)}`;
    if (l.skipped) return `${pad}${paint.dim(`· ${text}`)}`;
    return `${pad}${paint.status(l.ok ? 'pass' : 'fail', l.ok ? '✓' : '✗')} ${text}`;
  });
}

const PEER_COLUMNS: Column[] = [{ header: 'PEER' }, { header: 'ADDRESS' }, { header: 'TYPE' }, { header: 'BGP STATE' }, { header: 'INFO' }];
