// calico_probe_node_info's node name: --node-name / $NODENAME first, else the nodename file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveNodeName } from '../../src/report/node-name.ts';

test('the configured name wins; else the first line of the nodename file; else empty', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cp-node-name-'));
  try {
    const file = join(dir, 'nodename');
    await writeFile(file, 'worker-7\n');
    assert.equal(await resolveNodeName({ nodeName: 'from-flag', nodenameFile: file }), 'from-flag');
    assert.equal(await resolveNodeName({ nodeName: '', nodenameFile: file }), 'worker-7');
    assert.equal(await resolveNodeName({ nodeName: '', nodenameFile: join(dir, 'absent') }), '');
    await writeFile(file, 'x'.repeat(300));
    assert.equal(await resolveNodeName({ nodeName: '', nodenameFile: file }), '', 'not a node name');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
