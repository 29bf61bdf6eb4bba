// Pure: a plain-text table whose columns fit the terminal. Columns take their natural width;
// when the terminal is narrower, the columns marked `shrink` give way (in the order of their
// shrink rank) down to their minimum, then the columns marked `hide` are left out (in rank
// order), and a cell longer than its column ends in `…`. Without a width (not a TTY),
// nothing is shortened: a pipe gets every character.

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Columns that may be narrowed, lowest rank first; others keep their width. */
  shrink?: number;
  /** The narrowest a shrinking column gets (default: 6). */
  min?: number;
  /** Columns that may be left out when shrinking is not enough, lowest rank first. */
  hide?: number;
  /** Columns left out before any column shrinks, lowest rank first. */
  drop?: number;
  /**
   * Never shrunk so far that two different values read the same once cut (`Mesh_10_0_0…` for
   * two names): the column keeps the width that tells them apart, even past the terminal.
   */
  distinct?: boolean;
}

export interface Cell {
  text: string;
  /** Applied after padding and clipping, so escape codes never count towards widths. */
  paint?: (text: string) => string;
}

const GAP = '  ';
const DEFAULT_MIN = 6;

/** Length in terminal columns, counting code points (the text has been made printable). */
export function displayWidth(text: string): number {
  return [...text].length;
}

export function clip(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 0 ? '' : `${chars.slice(0, width - 1).join('')}…`;
}

export function renderTable(columns: readonly Column[], rows: readonly Cell[][], width?: number): string[] {
  const widths = fitWidths(columns, rows, width);
  const shown = (_: unknown, i: number) => (widths[i] as number) > 0;
  const lastShown = widths.findLastIndex((w) => w > 0);
  const line = (cells: readonly Cell[], header: boolean): string =>
    cells
      .map((cell, i) => {
        if (!shown(cell, i)) return undefined;
        const column = columns[i] as Column;
        const w = widths[i] as number;
        const text = clip(cell.text, w);
        const last = i === lastShown;
        const padded =
          column.align === 'right'
            ? text.padStart(w + text.length - displayWidth(text))
            : last
              ? text
              : text.padEnd(w + text.length - displayWidth(text));
        return header || cell.paint === undefined ? padded : cell.paint(padded);
      })
      .filter((text) => text !== undefined)
      .join(GAP)
      .trimEnd();
  return [
    line(
      columns.map((c) => ({ text: c.header })),
      true,
    ),
    ...rows.map((cells) => line(cells, false)),
  ];
}

/** Natural widths, narrowed by shrink rank, then hidden (0) by hide rank, until a row fits `width`. */
export function fitWidths(columns: readonly Column[], rows: readonly Cell[][], width?: number): number[] {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i]?.text ?? ''))));
  if (width === undefined || width <= 0) return widths;
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - width;
  const droppable = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.drop !== undefined)
    .sort((a, b) => (a.c.drop as number) - (b.c.drop as number));
  for (const { i } of droppable) {
    if (excess <= 0) break;
    excess -= (widths[i] as number) + GAP.length;
    widths[i] = 0;
  }
  const order = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.shrink !== undefined)
    .sort((a, b) => (a.c.shrink as number) - (b.c.shrink as number));
  for (const { c, i } of order) {
    if (excess <= 0) break;
    const current = widths[i] as number;
    const distinct = c.distinct === true ? distinctWidth(rows.map((r) => r[i]?.text ?? '')) : 0;
    const floor = Math.min(current, Math.max(c.min ?? DEFAULT_MIN, displayWidth(c.header), distinct));
    const cut = Math.min(excess, current - floor);
    widths[i] = current - cut;
    excess -= cut;
  }
  const hidable = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.hide !== undefined)
    .sort((a, b) => (a.c.hide as number) - (b.c.hide as number));
  for (const { i } of hidable) {
    if (excess <= 0) break;
    excess -= (widths[i] as number) + GAP.length;
    widths[i] = 0;
  }
  return widths;
}

/** The narrowest width at which clip() keeps every two different values apart. */
export function distinctWidth(values: readonly string[]): number {
  const unique = [...new Set(values)];
  const widest = Math.max(0, ...unique.map(displayWidth));
  for (let w = 1; w < widest; w++) {
    if (new Set(unique.map((v) => clip(v, w))).size === unique.length) return w;
  }
  return widest;
}
