// What `watch` is asked to do, validated by src/cli/watch-config.ts.
import type { ProbeConfig } from '../../checks/types.ts';
import type { ProbeKind } from '../../checks/types.ts';
import type { Thresholds } from './machine.ts';

export interface WatchConfig {
  probe: ProbeConfig;
  /** live (starts as success, like a kubelet liveness probe) or ready (starts as failure). */
  kind: ProbeKind;
  periodMs: number;
  thresholds: Thresholds;
  /** Runs before stopping; null runs until Ctrl-C or SIGTERM. */
  count: number | null;
}
