// Polling with a deadline: the harness never sleeps blindly, it re-checks a condition until it
// holds or the deadline passes, and then says what it was waiting for and what it last saw.

import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Named in the timeout error. */
  what: string;
  /** Extra context for the timeout error, such as the last reply seen. */
  describe?: () => string;
}

/** Calls `probe` until it returns a value other than undefined; throws at the deadline. A throwing
 * probe counts as "not yet" (a daemon that is still starting refuses connections). */
export async function pollUntil<T>(probe: () => Promise<T | undefined> | T | undefined, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown = 'nothing observed';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'condition not met';
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? `${last.message}` : String(last);
      const extra = opts.describe?.() ?? '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}; last: ${seen}${extra ? `\n${extra}` : ''}`);
    }
    await delay(opts.intervalMs ?? 100);
  }
}
