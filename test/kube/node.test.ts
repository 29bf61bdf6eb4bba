// kube-proxy's rule for a node being deleted, on Node objects as the API returns them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeLifecycle } from '../../src/kube/node.ts';

test('a deletionTimestamp or the autoscaler taint (any effect) means deleting; a cordon does not', () => {
  assert.equal(nodeLifecycle({ metadata: { name: 'n' }, spec: {} }).deleting, null);
  assert.deepEqual(nodeLifecycle({ metadata: { name: 'n', deletionTimestamp: '2026-12-03T07:10:00Z' } }).deleting, {
    detail: 'Node n has a deletionTimestamp (2026-12-03T07:10:00Z)',
    since: '2026-12-03T07:10:00Z',
  });
  for (const effect of ['NoSchedule', 'PreferNoSchedule', 'NoExecute']) {
    const node = nodeLifecycle({
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1796281200', effect }] },
    });
    assert.equal(node.deleting?.since, '2026-12-03T07:00:00.000Z', effect);
  }
  const cordoned = nodeLifecycle({
    metadata: { name: 'n' },
    spec: { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] },
  });
  assert.deepEqual([cordoned.deleting, cordoned.cordoned, cordoned.taints], [null, true, ['node.kubernetes.io/unschedulable:NoSchedule']]);
  assert.equal(
    nodeLifecycle({
      metadata: { name: 'n' },
      spec: { taints: [{ key: 'DeletionCandidateOfClusterAutoscaler', effect: 'PreferNoSchedule' }] },
    }).deleting,
    null,
    'a candidate is not being deleted',
  );
});
