// Human text: the verdict line, then one line per check in the run's stable order.
// -v adds each check's layers, its BGP peers and timings; -q keeps only a failing verdict.
import type { CalicoPeer } from '../bird/index.ts';
import { formatDuration } from '../duration.ts';
import type { CheckResult } from '../types.ts';
import { printable, type Paint } from './paint.ts';
import { renderTable, type Column } from './table.ts';
import { verdictLine } from './verdict.ts';

export interface TextOptions {
  paint: Paint;
  verbose: boolean;
  quiet: boolean;
}

export function renderText(results: readonly CheckResult[], { paint, verbose, quiet }: TextOptions): string {
  const healthy = results.every((r) => r.status === 'pass' || r.status === 'warn');
  const verdict = printable(verdictLine(results), 4096);
  if (quiet) return healthy ? '' : `${verdict}\n`;
  const width = Math.max(...results.map((r) => r.name.length));
  const lines = [verdict];
  for (const result of results) {
    const status = paint.status(result.status, result.status.padEnd(7));
    const timing = verbose ? paint.dim(` (${formatDuration(result.durationMs)})`) : '';
    lines.push(`${result.name.padEnd(width)}  ${status} ${printable(result.message)}${timing}`);
    for (const warning of result.warnings) lines.push(`${' '.repeat(width + 2)}${paint.status('warn', 'warning')} ${printable(warning)}`);
    if (verbose) lines.push(...detailLines(result, width + 4, paint));
  }
  return `${lines.join('\n')}\n`;
}

function detailLines(result: CheckResult, indent: number, paint: Paint): string[] {
  const pad = ' '.repeat(indent);
  const lines = result.layers.map((l) => {
    const text = `${l.step}: ${printable(l.detail)}`;
    if (l.skipped) return `${pad}${paint.dim(`· ${text}`)}`;
    return `${pad}${paint.status(l.ok ? 'pass' : 'fail', l.ok ? '✓' : '✗')} ${text}`;
  });
  const peers = (result.details.peers as CalicoPeer[] | undefined) ?? [];
  if (peers.length > 0) {
    const rows = peers.map((peer) => [
      { text: printable(peer.name) },
      { text: peer.port === null ? peer.address : `${peer.address} port ${peer.port}` },
      { text: peer.type },
      { text: printable(peer.bgpState ?? peer.state), paint: (t: string) => paint.status(peer.established ? 'pass' : 'fail', t) },
      { text: printable(peer.info) },
    ]);
    lines.push(...renderTable(PEER_COLUMNS, rows).map((line) => `${pad}  ${line}`));
  }
  return lines;
}

const PEER_COLUMNS: Column[] = [{ header: 'PEER' }, { header: 'ADDRESS' }, { header: 'TYPE' }, { header: 'BGP STATE' }, { header: 'INFO' }];
