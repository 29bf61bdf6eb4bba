// Parses the health table Felix sends on /liveness and /readiness into reporters.
//
//   |         COMPONENT         | TIMEOUT |    LIVENESS    |    READINESS    | DETAIL |
//   +---------------------------+---------+----------------+-----------------+--------+
//   | CalculationGraph          | 30s     | reporting live | reporting ready |        |
//
// Rows are split on `|` and columns found by header name, never by offset: the header is centred
// up to Calico v3.32 and left-aligned after. tablewriter wraps long cells onto extra lines whose
// COMPONENT cell is empty; those continue the row above.

export interface FelixReporter {
  name: string;
  /** A Go duration, `-`, possibly followed by ` (override)`. */
  timeout: string;
  liveness: string;
  readiness: string;
  detail: string;
  /** `reporting live`, or `-` (this reporter does not report liveness). */
  live: boolean;
  /** `reporting ready`, or `-` (this reporter does not report readiness). */
  ready: boolean;
}

const COLUMNS = ['COMPONENT', 'TIMEOUT', 'LIVENESS', 'READINESS', 'DETAIL'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['COMPONENT', 'LIVENESS', 'READINESS'];
// `│` (U+2502) too, so a table drawn with box characters (tablewriter v1's default style) still
// parses. Escaped: one non-ASCII character would make the whole bundle a two-byte string in V8.
// Read with string methods, not regular expressions: every line and cell goes through them
// (util/text.ts says why).
const BOX_BAR = '\u2502';
const RULE_CHARS = '-=+:\u2500'; // ─ (U+2500): box-drawing rules
const isBar = (char: string | undefined): boolean => char === '|' || char === BOX_BAR;
const isRule = (text: string): boolean => [...text].every((char) => RULE_CHARS.includes(char));

/** Reporters in table order; [] for a table without rows; null when `body` is not a Felix table. Never throws. */
export function parseReporters(body: string): FelixReporter[] | null {
  const rows = body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => isBar(line[0]));
  const [header, ...data] = rows;
  if (header === undefined) return null;
  const names = splitRow(header, Infinity).map((cell) => cell.toUpperCase());
  const index = new Map<Column, number>();
  for (const column of COLUMNS) {
    const at = names.indexOf(column);
    if (at >= 0) index.set(column, at);
  }
  if (!REQUIRED.every((column) => index.has(column))) return null;

  const records: Array<Record<Column, string>> = [];
  for (const row of data) {
    const cells = splitRow(row, names.length);
    if (cells.length !== names.length) return null;
    // A `|---|---|` rule drawn inside bars. Every cell must hold rule characters: a wrapped
    // continuation whose only text is `-` has empty cells, and is data.
    if (cells.every((text) => text !== '' && isRule(text))) continue;
    const cell = (column: Column): string => {
      const at = index.get(column);
      return at === undefined ? '' : (cells[at] ?? '');
    };
    const record = Object.fromEntries(COLUMNS.map((column) => [column, cell(column)])) as Record<Column, string>;
    const previous = records.at(-1);
    if (record.COMPONENT === '' && previous) {
      for (const column of COLUMNS) {
        if (record[column] !== '') previous[column] = `${previous[column]} ${record[column]}`.trim();
      }
    } else {
      records.push(record);
    }
  }
  return records.map(toReporter);
}

/**
 * Cells of a `| a | b |` row, trimmed. The last of `count` columns takes the rest of the line,
 * so a DETAIL that contains `|` stays whole.
 */
function splitRow(row: string, count: number): string[] {
  const trimmed = row.slice(1).trimEnd();
  const inner = isBar(trimmed.at(-1)) ? trimmed.slice(0, -1) : row.slice(1);
  const parts = inner.replaceAll(BOX_BAR, '|').split('|');
  const head = parts.slice(0, count - 1);
  const rest = parts.slice(Math.max(0, count - 1));
  const cells = rest.length > 0 ? [...head, rest.join('|')] : head;
  return cells.map((cell) => cell.trim());
}

function toReporter(record: Record<Column, string>): FelixReporter {
  return {
    name: record.COMPONENT,
    timeout: record.TIMEOUT,
    liveness: record.LIVENESS,
    readiness: record.READINESS,
    detail: record.DETAIL,
    live: record.LIVENESS === 'reporting live' || record.LIVENESS === '-',
    ready: record.READINESS === 'reporting ready' || record.READINESS === '-',
  };
}
