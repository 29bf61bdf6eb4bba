// The one-shot BIRD client: one connection per call, closed once the replies are in
// (the commands of one call share a connection, so they see one state of the daemon).
import { BirdLink, lineBreakIn } from './link.ts';
import type { Reply } from './reply.ts';

export interface BirdSession {
  banner: string;
  /** replies[i] answers commands[i]. */
  replies: Reply[];
}

export interface QueryOptions {
  signal: AbortSignal;
  /** Cap on the bytes of one batch of replies, banner included; default 16 MiB. */
  maxReplyBytes?: number;
}

/**
 * Sends `commands` on one connection to the socket at `path` (and no other path) and resolves
 * with one reply per command. 8xxx/9xxx replies are replies, not errors: the parsers judge them.
 * Rejects with a BirdError. Once settled, the socket is destroyed and the abort listener removed.
 */
export async function queryBird(path: string, commands: string[], opts: QueryOptions): Promise<BirdSession> {
  const bad = lineBreakIn(commands);
  if (bad !== undefined) throw bad;
  const link = await BirdLink.open(path, opts);
  try {
    const replies = await link.ask(commands, opts.signal);
    return { banner: link.banner ?? '', replies };
  } finally {
    link.close();
  }
}
