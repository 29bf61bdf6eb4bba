// Milliseconds since the process started, for the deadline (which counts from process start) and
// for check durations. Not performance.now(): the `performance` global loads perf_hooks on first
// use, about 0.8 ms of every probe's start-up (BENCHMARKS.md). Both clocks are monotonic.
export function processAgeMs(): number {
  return process.uptime() * 1000;
}
