// Typed reads of what a result's details hold, for the renderers: a check that has no such
// field (another check, one pending at the deadline, one that threw) has none to give.
import type { CalicoPeer } from '../bird/index.ts';
import type { FelixReporter } from '../felix/reporters.ts';
import type { CheckResult } from './types.ts';

/** The Calico BGP peers a bird-ready or bird6-ready check saw, in BIRD's row order. */
export function peersOf(result: CheckResult): CalicoPeer[] {
  if (result.name !== 'bird-ready' && result.name !== 'bird6-ready') return [];
  const { details } = result;
  return 'peers' in details ? (details.peers ?? []) : [];
}

/** Felix's reporters as felix-live or felix-ready read them. */
export function reportersOf(result: CheckResult): FelixReporter[] {
  if (result.name !== 'felix-live' && result.name !== 'felix-ready') return [];
  const { details } = result;
  return 'reporters' in details ? (details.reporters ?? []) : [];
}

/** The HTTP status Felix answered, if a Felix check got an answer. */
export function httpStatusOf(result: CheckResult): number | undefined {
  if (result.name !== 'felix-live' && result.name !== 'felix-ready') return undefined;
  const { details } = result;
  return 'httpStatus' in details ? details.httpStatus : undefined;
}
