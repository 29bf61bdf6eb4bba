// Nagios / monitoring-plugins output (README, Nagios and Icinga): a status line, kept to about 80
// characters before its perfdata, then one line per check in monitoring-plugins' multi-check
// layout. Nagios reads stdout only and takes `|` as the start of perfdata, so text is sanitised.
//   CALICO-PROBE CRITICAL - bird-ready: BGP not established with 10.0.0.4 | 'felix_ready'=1;;;0;1 …
//   \_[OK] - felix-ready: Felix reports ready (HTTP 200)
//   \_[CRITICAL] - bird-ready: BIRD is not ready: BGP not established with 10.0.0.4
import { nagiosCodeFor } from './exit-codes.ts';
import { CHECK_PREFIX } from '../checks/wording.ts';
import type { CheckResult, CheckStatus, Expected } from '../checks/types.ts';
import { expectedExplanation, expectedPhrase } from './expected.ts';
import { printable } from './paint.ts';
import { distinctPeers, peerCounts } from './peers.ts';
import { claim } from './verdict.ts';

/** Indexed by NagiosCode. */
const STATES = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
type State = (typeof STATES)[number];
const STATE_OF: Record<CheckStatus, State> = { pass: 'OK', warn: 'WARNING', fail: 'CRITICAL', unknown: 'UNKNOWN' };
const STATUS_LINE_MAX = 80;
/**
 * calico-node's wrappers (checks/bird-errors.ts) that text output keeps for greps; on the short
 * status line they would push the cause out of sight.
 */
const WRAPPERS = /^(?:error querying BIRD: unable to connect to BIRDv[46] socket: |error executing command: )/;

export interface NagiosOptions {
  durationMs: number;
  /** Why calico-probe itself could not do its whole job (a --textfile it could not write): UNKNOWN. */
  problem?: string | undefined;
  /** Every failure is planned (README, "Expected unready"): WARNING, not CRITICAL. */
  expected?: Expected | null;
}

export function renderNagios(results: readonly CheckResult[], { durationMs, problem, expected = null }: NagiosOptions): string {
  const statuses = results.map((r) => r.status);
  const computed = STATES[nagiosCodeFor(problem === undefined ? statuses : [...statuses, 'unknown'])];
  const planned = expected !== null && computed === 'CRITICAL';
  const state = planned ? 'WARNING' : computed;
  const head = `CALICO-PROBE ${state} - `;
  const about = planned ? `expected (${expected.reason}): ${summarise(results, 'CRITICAL', problem)}` : summarise(results, state, problem);
  const summary = clip(clean(about), STATUS_LINE_MAX - head.length);
  const lines = [`${head}${summary} | ${perfdata(results, durationMs)}`];
  for (const result of results) {
    const excused = result.expected !== undefined && result.status === 'fail';
    const tag = excused ? 'WARNING' : STATE_OF[result.status];
    const note = result.expected === undefined ? '' : ` (expected: ${expectedPhrase(result.expected)})`;
    lines.push(`\\_[${tag}] - ${result.name}: ${clean(result.message)}${note}`);
    for (const warning of result.warnings) lines.push(`    \\_[WARNING] - ${clean(warning)}`);
  }
  if (problem !== undefined) lines.push(`\\_[UNKNOWN] - ${clean(problem)}`);
  if (expected !== null) lines.push(clean(expectedExplanation(expected)));
  return `${lines.join('\n')}\n`;
}

/** For a usage or internal error: Nagios must see UNKNOWN, and why, on stdout. */
export function nagiosUnknownLine(message: string): string {
  return `CALICO-PROBE UNKNOWN - ${clean(message)}\n`;
}

/** What the state is about: the checks (or warnings) that set it, without calico-node's prefixes. */
function summarise(results: readonly CheckResult[], state: State, problem: string | undefined): string {
  if (state === 'OK') return healthySummary(results);
  const warnings = results.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`));
  if (state === 'WARNING' && warnings.length > 0) return warnings.join('; ');
  const parts = results.filter((r) => STATE_OF[r.status] === state).map((r) => `${r.name}: ${withoutPrefixes(r)}`);
  if (state === 'UNKNOWN' && problem !== undefined) parts.push(problem);
  return parts.join('; ');
}

/** `calico/node is ready, 5/5 BGP peers established`. */
function healthySummary(results: readonly CheckResult[]): string {
  const counts = peerCounts(distinctPeers(results));
  const total = counts.reduce((sum, c) => sum + c.total, 0);
  const established = counts.reduce((sum, c) => sum + c.established, 0);
  return `calico/node is ${claim(results)}${total > 0 ? `, ${established}/${total} BGP peers established` : ''}`;
}

/** A check's cause without calico-node's prefix and wrappers: what a short line has room for. */
export function withoutPrefixes({ name, message }: CheckResult): string {
  const prefix = CHECK_PREFIX[name];
  return (message.startsWith(prefix) ? message.slice(prefix.length) : message).replace(WRAPPERS, '');
}

/**
 * `'felix_ready'=1;;;0;1` per check (1 passed, warnings allowed), `'felix_ready_time'=0.004s;;;0`,
 * `'ipv4_established'=5;;;0;6` per address family with peers, and the run's `'duration'`.
 */
function perfdata(results: readonly CheckResult[], durationMs: number): string {
  const label = (r: CheckResult) => r.name.replaceAll('-', '_');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`;
  return [
    ...results.map((r) => `'${label(r)}'=${r.status === 'pass' || r.status === 'warn' ? 1 : 0};;;0;1`),
    ...results.map((r) => `'${label(r)}_time'=${seconds(r.durationMs)};;;0`),
    ...peerCounts(distinctPeers(results)).map((c) => `'${c.family}_established'=${c.established};;;0;${c.total}`),
    `'duration'=${seconds(durationMs)};;;0`,
  ].join(' ');
}

/** One line, no control characters, no `|` (it would start perfdata). */
function clean(text: string): string {
  return printable(text, 1024).replaceAll('|', '/');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
