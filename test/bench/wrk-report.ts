// Reads wrk's report (`wrk --latency`):
//   Latency Distribution
//      99%    3.20ms
//   400000 requests in 10.00s, 70.00MB read
// Pure; tested on captured output in test/fixtures/wrk/.

export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers outside 200–399 (wrk counts 3xx as good). */
  non2xx: number;
  /** connect + read + write + timeout. */
  socketErrors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function parseWrk(output: string): WrkResult {
  const need = (pattern: RegExp, what: string): RegExpExecArray => {
    const match = pattern.exec(output);
    if (match === null) throw new Error(`wrk output has no ${what}:\n${output}`);
    return match;
  };
  const percentile = (p: number): number => {
    const [, value, unit] = need(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)$`, 'm'), `${p}% latency (run wrk with --latency)`);
    return Number(value) * (UNIT_MS[unit as string] as number);
  };
  const [, requests, seconds] = need(/^\s+(\d+) requests in ([\d.]+)s,/m, 'request count');
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requests: Number(requests),
    seconds: Number(seconds),
    requestsPerSecond: Number(need(/^Requests\/sec:\s+([\d.]+)$/m, 'Requests/sec')[1]),
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: errors === null ? 0 : errors.slice(1).reduce((sum, n) => sum + Number(n), 0),
  };
}
