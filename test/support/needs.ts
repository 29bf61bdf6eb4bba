// "Skip locally, fail under CI", in one place. A test that needs something this machine may lack
// (root, runit, promtool, tmux, an IPv6 loopback, the BIRD harness) skips with the reason on a
// developer's machine; with CI=true the CI image is meant to have everything, so a missing
// prerequisite is an error there, never a silent skip.
//
//   test('…', { skip: needs(runitMissing()) }, …)        decided when the file loads
//   if (!need(t, await ipv6Missing())) return;           decided inside a running test

/** Whether this run is CI's: there, nothing may be skipped for want of a tool. */
export const IN_CI = process.env.CI === 'true';

/**
 * The `skip` option for node:test: undefined (run the test) when nothing is missing, else the
 * reason (skip) — but under CI=true, throws naming what is missing.
 */
export function needs(missing: string | undefined): string | undefined {
  if (missing === undefined) return undefined;
  if (IN_CI) throw new Error(`missing in CI (a skip there would hide it): ${missing}`);
  return missing;
}

/** Inside a test: true when it may go on; otherwise t.skip(reason) and false (throws under CI). */
export function need(t: { skip(message?: string): void }, missing: string | undefined): boolean {
  const reason = needs(missing);
  if (reason === undefined) return true;
  t.skip(reason);
  return false;
}

/** 'needs root: <why>' unless this process runs as root. */
export function rootMissing(why: string): string | undefined {
  return process.getuid?.() === 0 ? undefined : `needs root: ${why}`;
}
