// The node's name for calico_probe_node_info, as the Kubernetes issues ask: --node-name, else
// $NODENAME (both in ProbeConfig.nodeName), else the nodename file calico-node writes. Read only
// for the Prometheus exposition: probe.ts loads this module with import() then, and only then.
import { open } from 'node:fs/promises';
import type { ProbeConfig } from '../checks/types.ts';

/** A Kubernetes node name is at most 253 characters; a longer file is not a nodename file. */
const MAX_BYTES = 253;

/** '' when neither is set and the file cannot be read (the series then has node=""). */
export async function resolveNodeName(config: Pick<ProbeConfig, 'nodeName' | 'nodenameFile'>): Promise<string> {
  if (config.nodeName !== undefined && config.nodeName !== '') return config.nodeName;
  const handle = await open(config.nodenameFile, 'r').catch(() => undefined);
  if (handle === undefined) return '';
  try {
    const buffer = Buffer.alloc(MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_BYTES) return '';
    return buffer.toString('utf8', 0, bytesRead).split('\n', 1)[0]?.trim() ?? '';
  } catch {
    return '';
  } finally {
    await handle.close().catch(() => {});
  }
}
