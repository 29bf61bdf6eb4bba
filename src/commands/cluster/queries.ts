// The PromQL `cluster` sends. Pure. Every query but the node list returns failing series only,
// so the answer stays small however large the fleet: Prometheus does the aggregation.

/** The checks whose failure makes a node not ready (what `calico-probe ready` runs). */
export const READY_CHECKS = ['felix-ready', 'bird-ready', 'bird6-ready'] as const;
/** Transitions over --window from which a peer counts as flapping: two down-and-up cycles. */
export const FLAP_TRANSITIONS = 4;
/** Seconds the scrape-interval estimate looks back. */
export const INTERVAL_LOOKBACK_S = 120;

/** `metric{selector,extra}`: the user's --selector and our own matchers in one selector. */
export function series(metric: string, selector: string, ...extra: string[]): string {
  const matchers = [selector, ...extra].filter((m) => m !== '');
  return `${metric}{${matchers.join(',')}}`;
}

const seconds = (ms: number): string => `${Math.max(1, Math.round(ms / 1000))}s`;

export interface ClusterQueries {
  nodes: string;
  stale: string;
  noBird: string;
  interval: string;
  failingChecks: string;
  expected: string;
  down: string;
  observersOfDown: string;
  flapping: string;
  allSessions: string;
}

export function clusterQueries(selector: string, windowMs: number, staleAfterMs: number): ClusterQueries {
  const info = series('calico_probe_node_info', selector);
  const established = series('calico_probe_bgp_peer_established', selector);
  const window = seconds(windowMs);
  return {
    /** Every node that exported anything within the window, with its name and router id. */
    nodes: `last_over_time(${info}[${window}])`,
    /** Seen within the window, but no sample for --stale-after (range selectors skip staleness markers). */
    stale: `last_over_time(${info}[${window}]) unless on(instance, job) last_over_time(${info}[${seconds(staleAfterMs)}])`,
    /** Answering now, but no BIRD daemon answered it (its router id is empty). */
    noBird: series('calico_probe_node_info', selector, 'router_id=""'),
    /** Samples per series over the look-back: the scrape interval is the look-back divided by it. */
    interval: `quantile(0.9, count_over_time(${info}[${INTERVAL_LOOKBACK_S}s]))`,
    failingChecks: `${series('calico_probe_check_success', selector, `check=~"${READY_CHECKS.join('|')}"`)} == 0`,
    expected: `${series('calico_probe_expected_unready', selector)} > 0`,
    down: `${established} == 0`,
    /** For each address seen down somewhere: how many nodes have a session to it at all. */
    observersOfDown: `count by (address) (${established}) and on(address) (${established} == 0)`,
    /** Each series is one peer of one node already: no aggregation (a `sum by` costs as much again). */
    flapping: `increase(${series('calico_probe_bgp_peer_transitions_total', selector)}[${window}]) >= ${FLAP_TRANSITIONS}`,
    allSessions: established,
  };
}

/** Down addresses up to which their observers are counted by a regex on `address` (an index look-up). */
export const MAX_ADDRESS_REGEX = 1000;

/**
 * For each address seen down: how many nodes have a session to it at all. Named in a regex when
 * there are few (Prometheus then reads only their series); else the set operation over every session.
 */
export function observersOf(selector: string, addresses: readonly string[], everything: string): string {
  if (addresses.length > MAX_ADDRESS_REGEX) return everything;
  return `count by (address) (${series('calico_probe_bgp_peer_established', selector, `address=~"${addresses.map(escapeRegex).join('|')}"`)})`;
}

/** The Established sessions of the given scrape targets (for asymmetry: does the other side see us up?). */
export function establishedOf(selector: string, instances: readonly string[]): string {
  return `${series('calico_probe_bgp_peer_established', selector, `instance=~"${instances.map(escapeRegex).join('|')}"`)} == 1`;
}

/** A literal inside a PromQL double-quoted regex: RE2 metacharacters and the string's own escapes. */
export function escapeRegex(text: string): string {
  return text
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"');
}
