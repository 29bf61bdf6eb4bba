// Parses `show status`:
//   1000-BIRD 1.6.8
//   1011-Router ID is 10.0.0.1
//    Current server time is 2026-11-21 20:20:49
import { bodyOf, unexpected } from './lines.ts';
import type { Reply } from './reply.ts';
import { birdGeneration, type BirdGeneration } from './version.ts';

/** The 0024 block, read: what recovery waits for and how long it has waited. */
export interface GrRecovery {
  /** Lines as BIRD wrote them, trimmed. */
  lines: string[];
  /** `Waiting for 5 protocols to recover` (BIRD 1.6) or `5 channels` (BIRD 2, 3); null if absent. */
  waitingFor: number | null;
  /** `protocols` or `channels`, as BIRD counts them; null if absent. */
  waitingForUnit: string | null;
  /** `Wait timer is 215/240` (BIRD 2 and 3 print milliseconds: `238.942/240`); null if absent. */
  waitTimerSeconds: number | null;
  waitTimerLimitSeconds: number | null;
}

export interface BirdStatus {
  /** Without the `BIRD ` prefix: `1.6.8`, `2.0.12`, `3.3.2`, or calico's `v0.3.3+birdv1.6.8`. */
  version: string | null;
  /** 1, 2 or 3 from the version; null when it names none of them. */
  generation: BirdGeneration | null;
  routerId: string | null;
  /** BIRD 2 and 3 only. */
  hostname: string | null;
  serverTime: string | null;
  /** When the daemon started: a better start-up clock than any file's mtime. */
  lastReboot: string | null;
  lastReconfiguration: string | null;
  /** The 0024 block: this daemon is recovering after a restart with -R. Lines trimmed. */
  grRecovery: GrRecovery | null;
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

/**
 * Throws BirdReplyError for an 8xxx/9xxx reply. Lines of codes it does not know are skipped (a
 * later BIRD may add some), except 8xxx/9xxx lines, which are errors (BirdParseError).
 */
export function parseStatus(reply: Reply): BirdStatus {
  const body = bodyOf(reply, END_CODE);
  const status: BirdStatus = {
    version: null,
    generation: null,
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
      status.version = line.text.startsWith('BIRD ') ? line.text.slice(5) : line.text;
      status.generation = birdGeneration(line.text);
    } else if (line.code === TIMES_CODE) {
      // Unknown 1011 lines are ignored, as calico-node does: newer versions may add facts.
      const fact = FACTS.find(([prefix]) => line.text.startsWith(prefix));
      if (fact !== undefined) status[fact[1]] = line.text.slice(fact[0].length).trim();
    } else if (line.code === GR_CODE) {
      status.grRecovery ??= { lines: [], waitingFor: null, waitingForUnit: null, waitTimerSeconds: null, waitTimerLimitSeconds: null };
      readGrLine(status.grRecovery, line.text.trim());
    } else if (line.code >= 8000) {
      throw unexpected(line);
    }
  }
  return status;
}

const WAITING = /^Waiting for (\d+) (\S+) to recover$/;
const TIMER = /^Wait timer is (\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/;

function readGrLine(gr: GrRecovery, text: string): void {
  gr.lines.push(text);
  const waiting = WAITING.exec(text);
  if (waiting !== null) {
    gr.waitingFor = Number(waiting[1]);
    gr.waitingForUnit = waiting[2] ?? null;
  }
  const timer = TIMER.exec(text);
  if (timer !== null) {
    gr.waitTimerSeconds = Number(timer[1]);
    gr.waitTimerLimitSeconds = Number(timer[2]);
  }
}
