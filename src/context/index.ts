// The lifecycle layer between commands and checks (README, "Expected unready"): after a run
// failed, is the failure planned? calico-node's shutdown marker says it is shutting down; the
// Node's deletionTimestamp or ToBeDeletedByClusterAutoscaler taint says it is being deleted.
// Context never changes a verdict or an exit code, and never outlives the deadline: whatever
// cannot be read in time is lost, and `-v` says why. Only called when a check failed, so a
// passing probe never reads the marker and never loads the Kubernetes client.
import type { CheckResult, CheckRunConfig, ContextConfig, Expected, Layer, RunContext } from '../checks/types.ts';
import type { NodeLifecycle } from '../kube/node.ts';
import { formatDuration } from '../util/duration.ts';
import { readSmallFile } from '../util/fs-async.ts';

/** What serve's watch knows about the Node, instead of a GET per probe. */
export interface NodeView {
  node: NodeLifecycle | null;
  /** Why the view is not current, if it is not. */
  lost: string | undefined;
  origin: string;
}

export interface ContextOptions {
  /** Milliseconds left before the run's deadline. */
  budgetMs: number;
  /** serve: the watch's view; absent: one GET of the Node (when config.kube says how). */
  nodeView?: () => NodeView;
}

/** A passing run: nothing is read, and `-v` says why. */
export const NO_CONTEXT: RunContext = {
  expected: null,
  layers: [{ step: 'lifecycle', ok: true, skipped: true, detail: 'not read: no check failed' }],
};

/**
 * The run's context: read only when a readiness check failed (the only failures it can excuse),
 * so a passing probe, or one whose only failure is liveness, reads nothing and calls no API.
 */
export async function contextFor(
  config: CheckRunConfig & ContextConfig,
  results: readonly CheckResult[],
  options: ContextOptions,
): Promise<RunContext> {
  if (results.some(excusable)) return gatherContext(config, options);
  if (results.every((r) => r.status === 'pass' || r.status === 'warn')) return NO_CONTEXT;
  return {
    expected: null,
    layers: [{ step: 'lifecycle', ok: true, skipped: true, detail: 'not read: a liveness failure is never expected' }],
  };
}

async function gatherContext(config: CheckRunConfig & ContextConfig, options: ContextOptions): Promise<RunContext> {
  const budgetMs = Math.max(1, Math.floor(options.budgetMs));
  const signal = AbortSignal.timeout(budgetMs);
  const work = Promise.all([shutdownMarker(config.shutdownFile), nodeContext(config, options, signal)]).then(([marker, node]) => ({
    expected: marker.expected ?? node.expected ?? null,
    layers: [marker.layer, ...node.layers],
  }));
  // Even a bug here loses only the context.
  const safe = work.catch(
    (error: unknown): RunContext => ({
      expected: null,
      layers: [
        {
          step: 'lifecycle',
          ok: false,
          detail: `context lost, verdict unchanged: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    }),
  );
  // File reads cannot be aborted: whatever is not done by the deadline is lost, the run is not.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<RunContext>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          expected: null,
          layers: [{ step: 'lifecycle', ok: false, detail: 'context lost, verdict unchanged: not read before the deadline' }],
        }),
      budgetMs,
    );
  });
  try {
    return await Promise.race([safe, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Puts `expected` on every failing readiness check; liveness is never excused. */
export function applyContext(results: readonly CheckResult[], context: RunContext): CheckResult[] {
  const expected = context.expected;
  if (expected === null) return [...results];
  return results.map((r) => (excusable(r) ? { ...r, expected } : r));
}

function excusable(result: CheckResult): boolean {
  return result.name.endsWith('-ready') && (result.status === 'fail' || result.status === 'unknown');
}

async function shutdownMarker(path: string): Promise<{ expected?: Expected; layer: Layer }> {
  try {
    const { text, mtimeMs } = await readSmallFile(path, 256);
    // The preStop hook writes an RFC 3339 UTC time; an empty or odd file still marks a shutdown.
    const written = text.trim();
    const since = /^\d{4}-\d\d-\d\dT/.test(written) && !Number.isNaN(Date.parse(written)) ? written : new Date(mtimeMs).toISOString();
    const detail = `shutdown marker ${path} written ${since}`;
    return {
      expected: { reason: 'shutting-down', detail, since },
      layer: { step: 'shutdown marker', ok: false, detail: `${detail}: calico-node is shutting down` },
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const detail =
      code === 'ENOENT' ? `${path} absent: calico-node is not shutting down` : `cannot read ${path}: ${code ?? (error as Error).message}`;
    return { layer: { step: 'shutdown marker', ok: code === 'ENOENT', detail } };
  }
}

async function nodeContext(
  config: CheckRunConfig & ContextConfig,
  options: ContextOptions,
  signal: AbortSignal,
): Promise<{ expected?: Expected; layers: Layer[] }> {
  if (options.nodeView !== undefined) {
    const view = options.nodeView();
    if (view.node === null) return { layers: [{ step: 'node', ok: false, detail: `Node not known: ${view.lost ?? 'not read yet'}` }] };
    const stale = view.lost === undefined ? '' : ` (last seen; now ${view.lost})`;
    return describeNode(view.node, `watched through ${view.origin}${stale}`);
  }
  if (config.kube === undefined) {
    return { layers: [{ step: 'node', ok: true, skipped: true, detail: 'not read: no service account and no kubeconfig' }] };
  }
  const started = Date.now();
  try {
    const name = config.nodeName || (await readSmallFile(config.nodenameFile, 1024)).text.trim();
    if (name === '') throw new Error(`no node name: --node-name, $NODENAME and ${config.nodenameFile} are all empty`);
    const { readNode } = await import('../kube/index.ts');
    const node = await readNode(config.kube, name, signal);
    return describeNode(node, `read through ${node.origin} in ${formatDuration(Date.now() - started)}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { layers: [{ step: 'node', ok: false, detail: `context lost, verdict unchanged: ${message}` }] };
  }
}

function describeNode(node: NodeLifecycle, how: string): { expected?: Expected; layers: Layer[] } {
  const layers: Layer[] = [
    { step: 'node', ok: node.deleting === null, detail: `${node.deleting?.detail ?? `Node ${node.name} is not being deleted`}; ${how}` },
    { step: 'taints', ok: true, skipped: true, detail: node.taints.length === 0 ? 'none' : node.taints.join(', ') },
    {
      step: 'cordon',
      ok: true,
      skipped: true,
      detail: node.cordoned ? 'cordoned (information only: a cordon is not a deletion)' : 'not cordoned',
    },
  ];
  if (node.deleting === null) return { layers };
  return { expected: { reason: 'node-deleting', detail: node.deleting.detail, since: node.deleting.since }, layers };
}

/**
 * serve: one watch on this node's Node for as long as `signal` is not aborted, instead of a GET
 * per probe. Undefined when there is no way to reach the API (then the Node is not read).
 */
export async function watchNode(
  config: CheckRunConfig & ContextConfig,
  signal: AbortSignal,
  onState?: (lost: string | undefined) => void,
): Promise<(() => NodeView) | undefined> {
  const source = config.kube;
  if (source === undefined) return undefined;
  const { NodeWatch } = await import('../kube/index.ts');
  const name = async () => config.nodeName || (await readSmallFile(config.nodenameFile, 1024)).text.trim();
  const watch = new NodeWatch(source, name, onState);
  void watch.run(signal);
  return () => ({ node: watch.node, lost: watch.lost, origin: watch.origin });
}
