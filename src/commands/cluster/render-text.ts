// `cluster`'s text: a line per node that is not healthy, the summary, then the mesh findings,
// and on a terminal with a small fleet the node × node matrix. Names come from Prometheus
// labels, so they pass through printable() before they reach a terminal.
import { type Paint, printable } from '../../report/paint.ts';
import type { ClusterView, DownAddress, Matrix, NodeRef, NodeStatus } from './analysis.ts';

/** Entries per section and names per entry before `… and N more`: the text is for a human. */
const MAX_ENTRIES = 20;
const MAX_NAMES = 8;

export interface TextOptions {
  paint: Paint;
  windowText: string;
  staleAfterText: string;
  /** Draw the matrix (a terminal, a small enough fleet). */
  matrix: boolean;
}

export function renderClusterText(view: ClusterView, options: TextOptions): string {
  const { paint } = options;
  const lines: string[] = [];
  const problems = view.nodes.filter((s) => s.state !== 'ready' || s.noBird);
  const width = Math.min(40, Math.max(0, ...problems.map((s) => name(s.node).length)));
  for (const status of problems) lines.push(`${name(status.node).padEnd(width)}  ${describeNode(status, paint, options.staleAfterText)}`);
  lines.push(summaryLine(view));

  if (view.down.length > 0) {
    lines.push('', paint.bold(`BGP sessions not Established (${count(view.down.length, 'address', 'addresses')}):`));
    lines.push(
      ...capped(
        view.down,
        (d) =>
          `  ${addressWithOwner(d.address, d.owner)}: down from ${d.seenDownBy.length} of ${d.observers} ${d.observers === 1 ? 'node' : 'nodes'}: ${names(d.seenDownBy)}`,
      ),
    );
  }
  if (view.suspects.length > 0) {
    lines.push('', paint.bold('Suspects (most of their peers cannot reach them):'));
    lines.push(
      ...capped(
        view.suspects,
        (d: DownAddress) => `  ${paint.status('fail', suspectName(d))}: ${d.seenDownBy.length} of its ${d.observers} peers see it down`,
      ),
    );
  }
  if (view.asymmetric.length > 0) {
    lines.push('', paint.bold('Asymmetric sessions (one side down, the other Established):'));
    lines.push(
      ...capped(
        view.asymmetric,
        (p) =>
          `  ${name(p.node)} sees ${name(p.other)} (${printable(p.downAddress)}) down; ${name(p.other)} sees ${name(p.node)} (${printable(p.upAddress)}) Established`,
      ),
    );
  }
  if (view.flapping.length > 0) {
    lines.push('', paint.bold(`Flapping over ${options.windowText}:`));
    lines.push(
      ...capped(
        view.flapping,
        (f) => `  ${name(f.node)} → ${printable(f.peer)} (${addressWithOwner(f.address, f.owner)}): ${f.transitions} state changes`,
      ),
    );
  }
  if (options.matrix && view.matrix !== null && view.matrix.nodes.length > 0) lines.push('', ...renderMatrix(view.matrix, paint));
  return `${lines.join('\n')}\n`;
}

function describeNode(status: NodeStatus, paint: Paint, staleAfterText: string): string {
  const parts: string[] = [];
  if (status.state === 'not-ready')
    parts.push(paint.status('fail', `not ready${status.failing.length > 0 ? `: ${status.failing.join(', ')} failing` : ''}`));
  if (status.state === 'expected') parts.push(paint.status('warn', `expected: ${printable(status.expectedReason ?? '')}`));
  if (status.state === 'stale') parts.push(paint.status('unknown', `stale: no sample for more than ${staleAfterText}`));
  if (status.noBird) parts.push(paint.status('fail', 'no BIRD answer'));
  return parts.join('; ');
}

export function summaryLine(view: ClusterView): string {
  const { nodes, ready, notReady, expected, stale } = view.summary;
  const parts = [`${ready}/${nodes} nodes ready`];
  if (expected > 0) parts.push(`${expected} expected`);
  if (stale > 0) parts.push(`${stale} stale`);
  if (notReady > 0) parts.push(`${notReady} not ready`);
  if (view.down.length > 0) parts.push(`${count(view.down.length, 'peer address', 'peer addresses')} not Established`);
  return parts.join(', ');
}

function renderMatrix({ nodes, cells }: Matrix, paint: Paint): string[] {
  const labels = nodes.map((n, i) => `${String(i + 1).padStart(2)} ${name(n).slice(0, 24)}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const header = `${' '.repeat(labelWidth)}  ${nodes.map((_, i) => String((i + 1) % 10)).join(' ')}`;
  const glyph = { up: paint.status('pass', '●'), down: paint.status('fail', '✗'), none: paint.dim('·') };
  const rows = cells.map(
    (row, i) => `${(labels[i] ?? '').padEnd(labelWidth)}  ${row.map((cell, j) => (i === j ? paint.dim('-') : glyph[cell])).join(' ')}`,
  );
  return [
    paint.bold('Sessions (row: the node that sees it; column: the peer node, by router id):'),
    header,
    ...rows,
    `${glyph.up} Established  ${glyph.down} not Established  ${glyph.none} no session`,
  ];
}

const name = (node: NodeRef): string => printable(node.name, 80);

function suspectName(d: DownAddress): string {
  return d.owner === null ? printable(d.address) : `${name(d.owner)} (${printable(d.address)})`;
}

function addressWithOwner(address: string, owner: NodeRef | null): string {
  return owner === null ? printable(address) : `${printable(address)}, ${name(owner)}`;
}

function names(nodes: readonly NodeRef[]): string {
  const shown = nodes.slice(0, MAX_NAMES).map(name).join(', ');
  return nodes.length > MAX_NAMES ? `${shown} … and ${nodes.length - MAX_NAMES} more` : shown;
}

function capped<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_ENTRIES).map(line);
  if (items.length > MAX_ENTRIES) lines.push(`  … and ${items.length - MAX_ENTRIES} more (-o json lists them all)`);
  return lines;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
