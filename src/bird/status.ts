// Parses `show status`:
//   1000-BIRD 1.6.8
//   1011-Router ID is 10.0.0.1
//    Current server time is 2026-11-21 20:20:49
import { bodyOf, unexpected } from './lines.ts';
import type { Reply } from './reply.ts';

export interface BirdStatus {
  /** Without the `BIRD ` prefix: `1.6.8`, `2.0.12`, or calico's `v0.3.3+birdv1.6.8`. */
  version: string | null;
  routerId: string | null;
  /** BIRD 2 only. */
  hostname: string | null;
  serverTime: string | null;
  /** When the daemon started: a better start-up clock than any file's mtime. */
  lastReboot: string | null;
  lastReconfiguration: string | null;
  /** The 0024 block: this daemon is recovering after a restart with -R. Lines trimmed. */
  grRecovery: null | { lines: string[] };
  /** Text of the final 0013 line, e.g. `Daemon is up and running`. */
  state: string;
}

const VERSION_CODE = 1000;
const TIMES_CODE = 1011;
const GR_CODE = 24;
const END_CODE = 13;

const FACTS = [
  ['Router ID is ', 'routerId'],
  ['Hostname is ', 'hostname'],
  ['Current server time is ', 'serverTime'],
  ['Last reboot on ', 'lastReboot'],
  ['Last reconfiguration on ', 'lastReconfiguration'],
] as const;

/** Throws BirdReplyError for an 8xxx/9xxx reply, BirdParseError for a line of an unknown code. */
export function parseStatus(reply: Reply): BirdStatus {
  const body = bodyOf(reply, END_CODE);
  const status: BirdStatus = {
    version: null,
    routerId: null,
    hostname: null,
    serverTime: null,
    lastReboot: null,
    lastReconfiguration: null,
    grRecovery: null,
    state: reply.lines.at(-1)?.text ?? '',
  };
  for (const line of body) {
    if (line.code === VERSION_CODE) {
      status.version = line.text.replace(/^BIRD /, '');
    } else if (line.code === TIMES_CODE) {
      // Unknown 1011 lines are ignored, as calico-node does: newer versions may add facts.
      const fact = FACTS.find(([prefix]) => line.text.startsWith(prefix));
      if (fact !== undefined) status[fact[1]] = line.text.slice(fact[0].length).trim();
    } else if (line.code === GR_CODE) {
      status.grRecovery ??= { lines: [] };
      status.grRecovery.lines.push(line.text.trim());
    } else {
      throw unexpected(line);
    }
  }
  return status;
}
