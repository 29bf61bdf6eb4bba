// Pure: the `peers` text output, one block per daemon: a summary line, then the peer table.
//   bird: 4/5 established, graceful-restart recovery: no (BIRD 1.6.8, /var/run/calico/bird.ctl)
//   NAME           ADDRESS   PORT  TYPE     AS  STATE  BGP STATE    SINCE     GR  INFO
//   Mesh_10_0_0_2  10.0.0.2   179  mesh  64512  up     Established  20:13:53  no
import { printable, type Paint } from '../../report/paint.ts';
import { clip, displayWidth, renderTable, type Cell, type Column } from '../../report/table.ts';
import type { CheckStatus } from '../../checks/types.ts';
import type { PeerCondition, PeerEntry } from './model.ts';
import type { DaemonReport } from './query.ts';

export interface PeersTextOptions {
  paint: Paint;
  /** Terminal width, when stdout is a terminal; undefined prints every column in full. */
  width: number | undefined;
  quiet: boolean;
  verbose: boolean;
}

// On a narrow terminal AS, STATE, PORT and SINCE go first; then INFO, NAME and ADDRESS give
// way, but never so far that two different names, addresses or infos read the same.
const COLUMNS: Column[] = [
  { header: 'NAME', shrink: 2, min: 12, distinct: true },
  { header: 'ADDRESS', shrink: 3, min: 9, distinct: true },
  { header: 'PORT', align: 'right', drop: 3 },
  { header: 'TYPE' },
  { header: 'AS', align: 'right', drop: 1 },
  { header: 'STATE', drop: 2 },
  { header: 'BGP STATE', shrink: 4, min: 11 },
  { header: 'SINCE', drop: 4 },
  { header: 'GR', shrink: 6, min: 2 },
  { header: 'INFO', shrink: 1, min: 10, distinct: true },
];

const CONDITION_STATUS: Record<PeerCondition, CheckStatus> = { established: 'pass', transitional: 'warn', down: 'fail' };

export function renderPeersText(reports: readonly DaemonReport[], options: PeersTextOptions): string {
  const shown = options.quiet ? reports.filter((r) => r.status !== 'pass' && r.status !== 'skipped') : reports;
  const blocks = shown.map((report) => daemonBlock(report, options));
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function daemonBlock(report: DaemonReport, { paint, width, quiet, verbose }: PeersTextOptions): string {
  const name = paint.bold(report.daemon);
  if (report.status === 'skipped') return paint.dim(`${report.daemon}: skipped: ${printable(report.message)}`);
  if (report.table === null) return `${name}: ${paint.status(report.status, 'not answering')}: ${printable(report.message)}`;
  const { table } = report;
  const both = report.families.length > 1 ? ` (BIRD ${report.generation}, IPv4 and IPv6)` : '';
  const summary = `${report.daemon}${both}: ${table.established}/${table.calicoPeers} established, graceful-restart recovery: ${grText(table.grRecovery)}`;
  // Which daemon and socket is a footnote: on a narrow terminal it gives way, the counts stay.
  const where = ` (BIRD ${printable(report.version ?? '?')}, ${printable(report.socket)})`;
  const room = width === undefined ? Infinity : width - displayWidth(summary);
  const lines = [`${name}${summary.slice(report.daemon.length)}${room > 8 ? paint.dim(clip(where, room)) : ''}`];
  if (verbose && report.routerId !== null) lines.push(paint.dim(`router id ${printable(report.routerId)}`));
  if (quiet) return lines.join('\n');
  if (table.peers.length === 0) lines.push('no BGP protocols');
  else
    lines.push(
      ...renderTable(
        COLUMNS,
        table.peers.map((peer) => peerCells(peer, paint)),
        width,
      ),
    );
  return lines.join('\n');
}

function grText(lines: string[] | null): string {
  if (lines === null) return 'no';
  const detail = lines
    .slice(1)
    .map((line) => printable(line))
    .join(', ');
  return detail === '' ? 'yes' : `yes (${detail})`;
}

function peerCells(peer: PeerEntry, paint: Paint): Cell[] {
  const color = (text: string) => paint.status(CONDITION_STATUS[peer.condition], text);
  const text = (value: string | number | null): string => (value === null || value === '' ? '-' : printable(String(value)));
  return [
    { text: text(peer.name) },
    { text: text(peer.address) },
    { text: text(peer.port) },
    { text: peer.type },
    { text: text(peer.as) },
    { text: text(peer.state), paint: color },
    { text: text(peer.bgpState ?? (peer.state === 'down' ? 'Down' : null)), paint: color },
    { text: text(peer.since) },
    { text: peer.gracefulRestart ? 'yes' : 'no', paint: peer.gracefulRestart ? (t) => paint.status('warn', t) : undefined },
    // The model already keeps only what BIRD said after the BGP state (Socket: Connection refused).
    { text: peer.info === '' ? '' : printable(peer.info) },
  ];
}
