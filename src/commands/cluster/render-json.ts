// `cluster -o json`: the same findings as the text, every entry (no caps), one document.
import type { ClusterView, NodeRef } from './analysis.ts';

export interface JsonContext {
  prometheus: string;
  selector: string;
  evaluatedAt: number;
  staleAfterSeconds: number;
  windowSeconds: number;
}

export function renderClusterJson(view: ClusterView, context: JsonContext): string {
  const ref = (node: NodeRef | null) =>
    node === null ? null : { node: node.name, instance: node.instance, job: node.job, routerId: node.routerId };
  const document = {
    schemaVersion: 1,
    kind: 'cluster',
    ...context,
    healthy: view.healthy,
    summary: view.summary,
    nodes: view.nodes
      .filter((s) => s.state !== 'ready' || s.noBird)
      .map((s) => ({ ...ref(s.node), state: s.state, failing: s.failing, expectedReason: s.expectedReason, noBird: s.noBird })),
    down: view.down.map((d) => ({
      address: d.address,
      family: d.family,
      owner: ref(d.owner),
      seenDownBy: d.seenDownBy.map(ref),
      observers: d.observers,
      suspect: d.suspect,
    })),
    suspects: view.suspects.map((d) => ({ address: d.address, owner: ref(d.owner), down: d.seenDownBy.length, observers: d.observers })),
    asymmetric: view.asymmetric.map((p) => ({
      node: ref(p.node),
      other: ref(p.other),
      downAddress: p.downAddress,
      upAddress: p.upAddress,
    })),
    flapping: view.flapping.map((f) => ({
      node: ref(f.node),
      peer: f.peer,
      address: f.address,
      family: f.family,
      owner: ref(f.owner),
      transitions: f.transitions,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
