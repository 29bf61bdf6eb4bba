// The Kubernetes client: configuration, one GET of this node's Node, its lifecycle. Loaded with
// import() only after a check failed (exec probe) or when serve starts its watch.
import type { KubeSource } from '../checks/types.ts';
import { getJson } from './client.ts';
import { loadConnection } from './config.ts';
import { nodeLifecycle, type NodeLifecycle, type NodeObject } from './node.ts';

export { KubeApiError } from './client.ts';
export { KubeConfigError, loadConnection, type KubeConnection } from './config.ts';
export { nodeLifecycle, type NodeLifecycle, type NodeObject } from './node.ts';
export { NodeWatch } from './watch.ts';

/** One GET /api/v1/nodes/NAME; the caller's signal carries the deadline. */
export async function readNode(source: KubeSource, name: string, signal: AbortSignal): Promise<NodeLifecycle & { origin: string }> {
  const conn = await loadConnection(source);
  const node = (await getJson(conn, `/api/v1/nodes/${encodeURIComponent(name)}`, signal)) as NodeObject;
  return { ...nodeLifecycle(node), origin: conn.origin };
}
