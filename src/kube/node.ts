// What calico-probe reads from its Node object, pure: is the node being deleted (kube-proxy's
// rule: a deletionTimestamp, or a ToBeDeletedByClusterAutoscaler taint of any effect) and, for
// -v only, its taints and whether it is cordoned (a cordon deliberately does not count).

export interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

/** The fields of a v1 Node this reads; everything else is ignored. */
export interface NodeObject {
  kind?: string;
  metadata?: { name?: string; resourceVersion?: string; deletionTimestamp?: string };
  spec?: { unschedulable?: boolean; taints?: Taint[] };
}

export interface NodeLifecycle {
  name: string;
  /** Why the node is being deleted, and since when; null when it is not. */
  deleting: { detail: string; since: string | null } | null;
  cordoned: boolean;
  taints: string[];
}

export const AUTOSCALER_TAINT = 'ToBeDeletedByClusterAutoscaler';

export function nodeLifecycle(node: NodeObject): NodeLifecycle {
  const name = node.metadata?.name ?? '';
  const taints = Array.isArray(node.spec?.taints) ? node.spec.taints.filter((t) => typeof t?.key === 'string') : [];
  const deletion = node.metadata?.deletionTimestamp;
  const autoscaler = taints.find((t) => t.key === AUTOSCALER_TAINT);
  let deleting: NodeLifecycle['deleting'] = null;
  if (typeof deletion === 'string' && deletion !== '') {
    deleting = { detail: `Node ${name} has a deletionTimestamp (${deletion})`, since: deletion };
  } else if (autoscaler !== undefined) {
    // The autoscaler stores the Unix time it tainted the node as the taint's value.
    const seconds = Number(autoscaler.value);
    const since = autoscaler.timeAdded ?? (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null);
    deleting = { detail: `Node ${name} is tainted ${AUTOSCALER_TAINT}:${autoscaler.effect ?? ''} by the cluster autoscaler`, since };
  }
  return {
    name,
    deleting,
    cordoned: node.spec?.unschedulable === true,
    taints: taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`),
  };
}
