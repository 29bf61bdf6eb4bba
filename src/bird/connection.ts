// A kept-open BIRD control connection for a long-running caller (serve). BIRD answers many
// commands per connection, each reply ending with its final line, so a repeated query costs no connect. One batch
// at a time, each under its own signal; any failure drops the connection and the next query
// opens a new one.
import { BirdError } from './errors.ts';
import { BirdLink, lineBreakIn } from './link.ts';
import type { BirdSession, QueryOptions } from './query.ts';

export class BirdConnection {
  readonly path: string;
  readonly #maxReplyBytes: number | undefined;
  #link: BirdLink | undefined;
  /** Settles when the batch before the next one is done; never rejects. */
  #turn: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(path: string, opts: { maxReplyBytes?: number } = {}) {
    this.path = path;
    this.#maxReplyBytes = opts.maxReplyBytes;
  }

  /** Like queryBird, on the kept-open connection; waiting for an earlier batch counts against the signal. */
  async query(commands: string[], { signal }: Pick<QueryOptions, 'signal'>): Promise<BirdSession> {
    const bad = lineBreakIn(commands);
    if (bad !== undefined) throw bad;
    const previous = this.#turn;
    let release!: () => void;
    this.#turn = new Promise((resolve) => (release = resolve));
    try {
      await untilTurn(previous, signal, this.path);
      return await this.#run(commands, signal);
    } finally {
      // A caller that gave up while waiting still hands the turn on only after the batch before it.
      void previous.then(release);
    }
  }

  /** Closes the connection; later queries fail. */
  close(): void {
    this.#closed = true;
    this.#link?.close();
  }

  async #run(commands: string[], signal: AbortSignal): Promise<BirdSession> {
    if (this.#closed) throw this.#closedError();
    const reused = this.#link?.usable === true;
    let link = this.#link as BirdLink;
    if (!reused) {
      this.#link?.close();
      link = await BirdLink.open(this.path, { signal, maxReplyBytes: this.#maxReplyBytes });
      this.#link = link;
      if (this.#closed) {
        link.close(); // closed while connecting: nothing may stay open
        throw this.#closedError();
      }
    }
    try {
      return { banner: link.banner ?? '', replies: await link.ask(commands, signal) };
    } catch (error) {
      // BIRD closed the idle connection (a restart) just as we wrote: ask once more on a new one.
      if (reused && error instanceof BirdError && error.kind === 'truncated' && !signal.aborted) return this.#run(commands, signal);
      throw error;
    }
  }

  #closedError(): BirdError {
    return new BirdError('io', this.path, `BIRD connection to ${this.path} is closed (shutting down)`);
  }
}

function untilTurn(previous: Promise<void>, signal: AbortSignal, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timeout = (why: string) =>
      new BirdError('timeout', path, `no reply from BIRD socket ${path} within the deadline (${why})`, { cause: signal.reason });
    if (signal.aborted) return reject(timeout('deadline reached before asking'));
    const onAbort = (): void => reject(timeout('still waiting for an earlier query on the same connection'));
    signal.addEventListener('abort', onAbort, { once: true });
    void previous.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
