// A cluster for `calico-probe cluster`: the lab's BIRD daemons (test/support/harness) as nodes,
// one `calico-probe serve` per daemon (node: bird + bird6; node2: BIRD 2 and node3: BIRD 3 when
// the harness runs them; each peer daemon), a
// kubelet stand-in asking each /readyz every second (serve probes when asked), and a real
// Prometheus scraping every serve's /metrics every second. Everything on loopback or in the
// harness's own network namespaces; every process stopped by its PID.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Harness } from './harness/index.ts';
import type { Rig } from './integration.ts';
import { type PrometheusServer, startPrometheus } from './prometheus-server.ts';
import { type ServeProcess, startServe } from './serve-process.ts';

export interface LabNode {
  name: string;
  routerId: string;
  /** Its calico-node shutdown marker (--shutdown-file): absent until markShuttingDown(). */
  shutdownFile: string;
  args: string[];
  serve: ServeProcess | undefined;
}

export interface ClusterLab {
  prometheus: PrometheusServer;
  nodes: LabNode[];
  node(name: string): LabNode;
  /** Writes a node's shutdown marker, as calico-node's preStop does: its failures become expected. */
  markShuttingDown(name: string): Promise<void>;
  clearShuttingDown(name: string): Promise<void>;
  /** Stops one node's serve (its series go stale). */
  stopServe(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** `peer-<id>` for each peer daemon, as the nodes are named in calico_probe_node_info. */
export const peerNodeName = (id: string): string => `peer-${id}`;

export async function startClusterLab(rig: Rig): Promise<ClusterLab> {
  const h: Harness = rig.harness;
  const markers = await mkdtemp(join(tmpdir(), 'cp-cluster-lab-'));
  const marker = (name: string): string => join(markers, `${name}.shutdownTS`);
  const common = ['--felix-url', rig.felix.url, '--service-dir', h.serviceDir, '--nodename-file', h.nodenameFile];
  const nodes: LabNode[] = [
    {
      name: 'node',
      routerId: '10.0.0.1',
      shutdownFile: marker('node'),
      args: [...common, '--bird-socket', h.bird.socket, '--bird6-socket', h.bird6.socket, '--family', 'dual'],
      serve: undefined,
    },
    ...(h.bird2 === undefined
      ? []
      : [
          {
            name: 'node2',
            routerId: '10.0.0.11',
            shutdownFile: marker('node2'),
            args: [...common, '--bird-socket', h.bird2.socket, '--family', 'ipv4'],
            serve: undefined,
          },
        ]),
    ...(h.bird3 === undefined
      ? []
      : [
          {
            // BIRD 3 as Calico runs it: one daemon, one socket for both families, no bird6 socket.
            name: 'node3',
            routerId: '10.0.0.12',
            shutdownFile: marker('node3'),
            args: [...common, '--bird-socket', h.bird3.socket, '--bird6-socket', join(markers, 'no-bird6.ctl'), '--family', 'dual'],
            serve: undefined,
          },
        ]),
    ...h.peers.map((peer) => {
      // BIRD 2 answers for both families on one socket; a BIRD 1.6 IPv6 peer is a bird6.
      const bird6 = peer.family === 'ipv6';
      const hostByte = Number(peer.address.split(/[.:]/).at(-1));
      return {
        name: peerNodeName(peer.id),
        shutdownFile: marker(peerNodeName(peer.id)),
        routerId: peer.family === 'ipv4' ? peer.address : `10.0.0.${100 + hostByte}`,
        args: [
          ...common,
          ...(bird6 ? ['--bird6-socket', peer.socket, '--family', 'ipv6'] : ['--bird-socket', peer.socket, '--family', 'ipv4']),
        ],
        serve: undefined,
      };
    }),
  ];
  const started: ServeProcess[] = [];
  let prometheus: PrometheusServer | undefined;
  const controller = new AbortController();
  try {
    for (const node of nodes) {
      node.serve = await startServe([...node.args, '--node-name', node.name, '--shutdown-file', node.shutdownFile]);
      started.push(node.serve);
    }
    prometheus = await startPrometheus({
      targets: nodes.map((n) => ({ address: (n.serve as ServeProcess).base.replace('http://', '') })),
      scrapeInterval: '1s',
    });
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    await rm(markers, { recursive: true, force: true });
    throw error;
  }
  const kubelet = (async () => {
    while (!controller.signal.aborted) {
      await Promise.all(
        nodes.map((n) =>
          n.serve === undefined
            ? undefined
            : fetch(`${n.serve.base}/readyz`).then(
                (r) => r.arrayBuffer(),
                () => {},
              ),
        ),
      );
      await sleep(1000, undefined, { signal: controller.signal }).catch(() => {});
    }
  })();
  const lab: ClusterLab = {
    prometheus,
    nodes,
    node: (name) => {
      const found = nodes.find((n) => n.name === name);
      if (found === undefined) throw new Error(`no lab node ${name}`);
      return found;
    },
    markShuttingDown: (name) => writeFile(lab.node(name).shutdownFile, `${new Date().toISOString()}\n`),
    clearShuttingDown: (name) => rm(lab.node(name).shutdownFile, { force: true }),
    stopServe: async (name) => {
      const node = lab.node(name);
      const serve = node.serve;
      node.serve = undefined;
      await serve?.stop();
    },
    stop: async () => {
      controller.abort();
      await kubelet;
      await Promise.all([prometheus?.stop(), ...nodes.map((n) => n.serve?.stop())]);
      await rm(markers, { recursive: true, force: true });
    },
  };
  return lab;
}
