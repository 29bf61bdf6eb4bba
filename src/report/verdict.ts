// The first line of text output: the whole UI of a kubelet event. Failing checks come
// first, in calico-node's wording; a healthy run says what it proved.
import { overallStatus } from './exit-codes.ts';
import { NOT_READY } from '../checks/wording.ts';
import type { CheckResult } from '../checks/types.ts';

/** `live`, `ready`, or `live and ready`, from the kinds of check that ran. */
export function claim(results: readonly CheckResult[]): string {
  const live = results.some((r) => r.name.endsWith('-live'));
  const ready = results.some((r) => r.name.endsWith('-ready'));
  return live && ready ? 'live and ready' : live ? 'live' : 'ready';
}

export function verdictLine(results: readonly CheckResult[]): string {
  const status = overallStatus(results.map((r) => r.status));
  if (status === 'fail' || status === 'unknown') {
    const failing = [...results.filter((r) => r.status === 'fail'), ...results.filter((r) => r.status === 'unknown')];
    return NOT_READY + failing.map((r) => r.message).join('; ');
  }
  const warnings = results.flatMap((r) => r.warnings.map((w) => `${r.name}: ${w}`));
  if (warnings.length === 0) return `calico/node is ${claim(results)}`;
  const count = warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`;
  return `calico/node is ${claim(results)} (${count}: ${warnings.join('; ')})`;
}
