// Parses `show protocols`, in the BIRD 1.6, 2 and 3 layouts alike, whatever `timeformat protocol`:
//   2002-name     proto    table    state  since       info
//   1002-kernel1  Kernel   master   up     20:13:52
//    Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
//    Mesh_10_0_0_2 BGP      ---      up     2024-03-08 15:13:49  Established
import { BirdParseError } from './errors.ts';
import { bodyOf, checkHeading, formatLine, unexpected } from './lines.ts';
import { fields } from '../util/text.ts';
import type { Reply, ReplyLine } from './reply.ts';

export interface ProtocolRow {
  name: string;
  proto: string;
  table: string;
  state: string;
  since: string;
  /** Everything after `since`, joined by single spaces; '' when the column is empty. */
  info: string;
  /** BGP rows only: the state word of the info column; null for other protocols and `down` rows. */
  bgpState: string | null;
  /** BGP rows: the info after the state word (the last error), or all of it for a `down` row; else ''. */
  lastError: string;
}

const HEADING_CODE = 2002;
const ROW_CODE = 1002;
const END_CODE = 0;

/**
 * Rows in BIRD's order. Unlike calico-node, rows with an empty info column (a disabled BGP peer)
 * are kept. Throws BirdReplyError for 8xxx/9xxx (8003: the pattern matched nothing) and
 * BirdParseError for anything that is not the heading followed by rows.
 */
export function parseProtocols(reply: Reply): ProtocolRow[] {
  const rows: ProtocolRow[] = [];
  let heading = false;
  for (const line of bodyOf(reply, END_CODE)) {
    if (line.code === HEADING_CODE && !heading) {
      checkHeading(line);
      heading = true;
    } else if (line.code === ROW_CODE && heading) {
      rows.push(parseRow(line));
    } else {
      throw unexpected(line);
    }
  }
  return rows;
}

/**
 * The four one-word columns, then the rest of the line (since and info), or undefined when the
 * line has fewer than five words. By hand, not a regular expression, so that a probe's short
 * reply compiles none (util/text.ts says why).
 */
function splitLeading(line: string): { columns: string[]; rest: string } | undefined {
  const text = line.includes('\t') ? line.replaceAll('\t', ' ') : line;
  const columns: string[] = [];
  let at = 0;
  while (columns.length < 4) {
    while (text.charCodeAt(at) === SPACE) at++;
    const end = text.indexOf(' ', at);
    if (end === -1) return undefined;
    columns.push(text.slice(at, end));
    at = end + 1;
  }
  while (text.charCodeAt(at) === SPACE) at++;
  return at < text.length ? { columns, rest: text.slice(at) } : undefined;
}

const SPACE = 0x20;

/**
 * One table row; shared with `show protocols all`, whose rows are the same. The since column is
 * whatever `timeformat protocol` makes of the time (`20:13:53.746`, `2024-03-08 15:13:49`,
 * `08 Mar 2024 15:13:49`, `1709910829`…), so it may hold spaces; BIRD 1.6, 2 and 3 all print it
 * padded and followed by two spaces, which is where it is cut. A row with single spaces only (not
 * BIRD's layout, but hand-written tables have it) is read as before: the since column is one word.
 */
export function parseRow(line: ReplyLine): ProtocolRow {
  const leading = splitLeading(line.text);
  if (leading === undefined) {
    const text = formatLine(line);
    throw new BirdParseError(`protocol row with fewer than 5 columns from BIRD: '${text}'`, text);
  }
  const { rest } = leading;
  const [name = '', proto = '', table = '', state = ''] = leading.columns;
  // BIRD writes the time `%-Ns`, then two spaces, then the info: the first run of 2+ spaces ends it.
  const cut = rest.indexOf('  ');
  let since: string;
  let infoWords: string[];
  if (cut !== -1) {
    since = rest.slice(0, cut);
    infoWords = fields(rest.slice(cut));
  } else {
    const words = fields(rest);
    since = words[0] ?? '';
    infoWords = words.slice(1);
  }
  const info = infoWords.join(' ');
  // A down BGP protocol has no BGP state in its info column, only the error (or nothing).
  const bgpState = proto === 'BGP' && state !== 'down' ? (infoWords[0] ?? null) : null;
  const lastError = proto === 'BGP' ? lastErrorOf({ bgpState, info }) : '';
  // `since` holds no run of two spaces (it ends at the first), so it needs no folding.
  return { name, proto, table, state, since, info, bgpState, lastError };
}

/**
 * The last error of a BGP row or peer: its info after the BGP state word, or all of it when BIRD
 * printed no state (a `down` protocol); '' when there is none. The one place this is worked out.
 */
export function lastErrorOf({ bgpState, info }: { bgpState: string | null; info: string }): string {
  return bgpState === null ? info : info.slice(bgpState.length).trim();
}
