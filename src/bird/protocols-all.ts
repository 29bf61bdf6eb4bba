// Parses `show protocols all`: each row followed by its 1006 details, the block ending with ' ':
//   1002-Mesh_10_0_0_2 BGP      master   up     20:13:53    Established
//   1006-  Description:    Connection to BGP peer
//      BGP state:          Established
import { bodyOf, checkHeading, unexpected } from './lines.ts';
import { parseRow } from './protocols.ts';
import type { Reply } from './reply.ts';

export interface ProtocolDetail {
  name: string;
  neighborAddress: string | null;
  /** Printed by BIRD 2 only, and only for a non-default port. */
  neighborPort: number | null;
  neighborAs: number | null;
  /** Printed by BIRD 2 only. */
  localAs: number | null;
  /** From `BGP state:` (`Established`, `Active`, `Down`…); null for other protocols. */
  bgpState: string | null;
  lastError: string | null;
  /** The peer restarted gracefully and its routes are kept as stale. */
  neighborGracefulRestart: boolean;
  /**
   * This daemon's own recovery after a restart with -R, flags as BIRD prints them: `pending`,
   * `waiting` or `pending waiting`; null when the line is absent or empty (recovered).
   */
  grRecovery: string | null;
}

const HEADING_CODE = 2002;
const ROW_CODE = 1002;
const DETAIL_CODE = 1006;
const END_CODE = 0;

type Setter = (d: ProtocolDetail, value: string) => void;
const num = (v: string): number | null => (/^\d+$/.test(v) ? Number(v) : null);
const DETAILS: [RegExp, Setter][] = [
  [/^BGP state:\s+(.*)$/, (d, v) => (d.bgpState = v)],
  [/^Neighbor address:\s+(.*)$/, (d, v) => (d.neighborAddress = v)],
  [/^Neighbor port:\s+(.*)$/, (d, v) => (d.neighborPort = num(v))],
  [/^Neighbor AS:\s+(.*)$/, (d, v) => (d.neighborAs = num(v))],
  [/^Local AS:\s+(.*)$/, (d, v) => (d.localAs = num(v))],
  [/^Last error:\s+(.*)$/, (d, v) => (d.lastError = v)],
  // BIRD 2 reports recovery per channel: the protocol's flags are the union of its channels'.
  [/^GR recovery:\s*(\S.*)$/, (d, v) => (d.grRecovery = mergeFlags(d.grRecovery, v))],
];

function mergeFlags(current: string | null, flags: string): string {
  const words = new Set([...(current ?? '').split(' '), ...flags.split(/\s+/)]);
  words.delete('');
  return [...words].join(' ');
}

/** Throws BirdReplyError for 8xxx/9xxx, BirdParseError for lines outside the row/detail shape. */
export function parseProtocolsAll(reply: Reply): Map<string, ProtocolDetail> {
  const result = new Map<string, ProtocolDetail>();
  let heading = false;
  let current: ProtocolDetail | undefined;
  for (const line of bodyOf(reply, END_CODE)) {
    if (line.code === HEADING_CODE && !heading) {
      checkHeading(line);
      heading = true;
    } else if (line.code === ROW_CODE && heading) {
      current = emptyDetail(parseRow(line).name);
      result.set(current.name, current);
    } else if (line.code === DETAIL_CODE && current !== undefined) {
      applyDetail(current, line.text.trim());
    } else {
      throw unexpected(line);
    }
  }
  return result;
}

function applyDetail(detail: ProtocolDetail, text: string): void {
  // Exact line only: BIRD 2 lists a `Graceful restart` capability for every healthy peering.
  if (text === 'Neighbor graceful restart active') {
    detail.neighborGracefulRestart = true;
    return;
  }
  for (const [pattern, set] of DETAILS) {
    const value = pattern.exec(text)?.[1];
    if (value !== undefined) {
      set(detail, value.trim());
      return;
    }
  }
}

function emptyDetail(name: string): ProtocolDetail {
  return {
    name,
    neighborAddress: null,
    neighborPort: null,
    neighborAs: null,
    localAs: null,
    bgpState: null,
    lastError: null,
    neighborGracefulRestart: false,
    grRecovery: null,
  };
}
