// Pure: a hint for a person at a terminal when nothing of Calico answered at all (a laptop, the
// host instead of the calico-node container): which options point calico-probe elsewhere.
// Only on a terminal: the kubelet never has one, and a calico-node still starting looks the same.
import type { CheckResult } from '../checks/types.ts';

/** What a check says when the thing it asks is not there (our own wording, src/bird, src/felix, src/runit). */
const ABSENT = [/no such file/, /does not exist/, /connection refused/, /name not known|ENOTFOUND/];

export function noCalicoHint(results: readonly CheckResult[]): string | undefined {
  if (results.length === 0) return undefined;
  const absent = results.every((r) => r.status !== 'pass' && r.status !== 'warn' && ABSENT.some((re) => re.test(r.message)));
  if (!absent) return undefined;
  return (
    'calico-probe: nothing of Calico answered here. If calico-node runs elsewhere (another container, other paths), ' +
    'point at it with --felix-url, --bird-socket, --bird6-socket, --service-dir and --nodename-file ' +
    '(shared options: `calico-probe --bird-socket PATH ready` works too).\n'
  );
}
