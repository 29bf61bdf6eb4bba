// Cost per probe close to zero: callers share the one run in flight, and a result younger than
// the minimum interval is handed out again instead of probing BIRD and Felix once more.

export class SingleFlight<T> {
  readonly #run: () => Promise<T>;
  readonly #minIntervalMs: number;
  readonly #clock: () => number;
  #last: { value: T; at: number } | undefined;
  #inFlight: Promise<T> | undefined;

  /** `run` should not reject; if it does, every caller waiting on that run sees the rejection. */
  constructor(run: () => Promise<T>, minIntervalMs: number, clock: () => number = () => performance.now()) {
    this.#run = run;
    this.#minIntervalMs = minIntervalMs;
    this.#clock = clock;
  }

  /** The last completed result, however old. */
  get last(): T | undefined {
    return this.#last?.value;
  }

  /** The run in flight, if any. */
  get inFlight(): Promise<T> | undefined {
    return this.#inFlight;
  }

  /** A result younger than the interval (counted from its completion), else the run in flight, else a new run. */
  get(): Promise<T> {
    const last = this.#last;
    if (last !== undefined && this.#clock() - last.at < this.#minIntervalMs) return Promise.resolve(last.value);
    return (this.#inFlight ??= this.#start());
  }

  async #start(): Promise<T> {
    try {
      const value = await this.#run();
      this.#last = { value, at: this.#clock() };
      return value;
    } finally {
      this.#inFlight = undefined;
    }
  }
}
