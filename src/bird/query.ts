// The one-shot BIRD client: one connection per call, closed once the replies are in
// (the commands of one call share a connection, so they see one state of the daemon).
import { BirdLink, lineBreakIn, type Restriction } from './link.ts';
import type { Reply } from './reply.ts';

export interface BirdSession {
  banner: string;
  /** replies[i] answers commands[i]. */
  replies: Reply[];
  /** How BIRD answered the `restrict` that opened the connection. */
  restriction: Restriction;
}

const UNKNOWN_RESTRICTION: Restriction = { restricted: false, reply: '(not asked)' };

/** The session of a link whose batch just completed. */
export function sessionOf(link: BirdLink, replies: Reply[]): BirdSession {
  return { banner: link.banner ?? '', replies, restriction: link.restriction ?? UNKNOWN_RESTRICTION };
}

export interface QueryOptions {
  signal: AbortSignal;
  /** Cap on the bytes of one batch of replies, banner included; default 16 MiB. */
  maxReplyBytes?: number;
  /**
   * A process that exits as soon as its output is written (a probe) leaves an answered
   * connection to its exit to close, as getFelix does (felix/http.ts says why).
   */
  leaveOpen?: boolean;
}

/**
 * Sends `commands` on one connection to the socket at `path` (and no other path) and resolves
 * with one reply per command. 8xxx/9xxx replies are replies, not errors: the parsers judge them.
 * Rejects with a BirdError. Once settled, the socket is destroyed (with `leaveOpen` and every
 * reply in, left unreferenced instead) and the abort listener removed.
 */
export async function queryBird(path: string, commands: string[], opts: QueryOptions): Promise<BirdSession> {
  const bad = lineBreakIn(commands);
  if (bad !== undefined) throw bad;
  const link = await BirdLink.open(path, opts);
  let answered = false;
  try {
    const session = sessionOf(link, await link.ask(commands, opts.signal));
    answered = true;
    return session;
  } finally {
    if (answered && opts.leaveOpen === true) link.leave();
    else link.close();
  }
}
