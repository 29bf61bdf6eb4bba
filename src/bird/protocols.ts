// Parses `show protocols`, in the BIRD 1.6 and BIRD 2 layouts alike:
//   2002-name     proto    table    state  since       info
//   1002-kernel1  Kernel   master   up     20:13:52
//    Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
import { BirdParseError } from './errors.ts';
import { bodyOf, checkHeading, fields, formatLine, unexpected } from './lines.ts';
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

/** One table row; shared with `show protocols all`, whose rows are the same. */
export function parseRow(line: ReplyLine): ProtocolRow {
  const f = fields(line.text);
  const [name, proto, table, state, since] = f;
  if (name === undefined || proto === undefined || table === undefined || state === undefined || since === undefined) {
    const text = formatLine(line);
    throw new BirdParseError(`protocol row with fewer than 5 columns from BIRD: '${text}'`, text);
  }
  const info = f.slice(5).join(' ');
  // A down BGP protocol has no BGP state in its info column, only the error (or nothing).
  const bgpState = proto === 'BGP' && state !== 'down' ? (f[5] ?? null) : null;
  const lastError = proto === 'BGP' ? lastErrorOf({ bgpState, info }) : '';
  return { name, proto, table, state, since, info, bgpState, lastError };
}

/**
 * The last error of a BGP row or peer: its info after the BGP state word, or all of it when BIRD
 * printed no state (a `down` protocol); '' when there is none. The one place this is worked out.
 */
export function lastErrorOf({ bgpState, info }: { bgpState: string | null; info: string }): string {
  return bgpState === null ? info : info.slice(bgpState.length).trim();
}
