// startHarness(): builds the network, writes configs and runit services, starts every daemon and
// waits until all peerings are Established (and graceful-restart recovery is over).

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessAvailability } from './availability.ts';
import { node16Config, node2Config } from './bird-config.ts';
import { harnessLayout, writeState, type HarnessLayout } from './layout.ts';
import { makeNodeOps, type NodeOps } from './node-ops.ts';
import { allNetns, createNetwork, netnsNames } from './netns.ts';
import { locateBinaries, MAX_SOCKET_PATH, tempBase, type Binaries } from './paths.ts';
import { makeDaemon, makePeer, type PeerHandle } from './peers.ts';
import { isSupervised, SERVICES, serviceStat, startRunsvdir, writeServices } from './runit.ts';
import { pollUntil } from './poll.ts';
import { markStopping, registerTeardown, teardownDir, unregisterTeardown } from './teardown.ts';
import { PEERS, peerNamesOn, type NodeKind } from './topology.ts';

export interface StartOptions {
  /** Calico's setting (default true): `graceful restart` on the node side and `-R` on the node
   * daemons. false drops both, so start-up skips the short recovery phase. */
  gracefulRestart?: boolean;
}

export interface Harness extends NodeOps {
  dir: string;
  serviceDir: string;
  nodenameFile: string;
  bird: { socket: string };
  bird6: { socket: string };
  /** The BIRD 2 node; undefined when BIRD 2 is missing (its peers then run BIRD 1.6). */
  bird2: { socket: string } | undefined;
  peers: PeerHandle[];
  /** Every netns this instance created (all deleted by stop()). */
  namespaces: string[];
  /** BGP protocol names configured on each node daemon, in BIRD's row order. */
  protocolNames: Record<NodeKind, string[]>;
  /** BIRD and runit output, one file per daemon. */
  logDir: string;
  stop(): Promise<void>;
}

export function startHarness(opts: StartOptions = {}): Promise<Harness> {
  return launchHarness(opts, { teardownOnExit: true });
}

/** `teardownOnExit: false` is for `cli.ts up --detach`: the daemons outlive this process. */
export async function launchHarness(opts: StartOptions, how: { teardownOnExit: boolean }): Promise<Harness> {
  const availability = harnessAvailability({ bird2: false });
  if (!availability.ok) throw new Error(availability.reason);
  const bins = locateBinaries().found as Binaries;
  const gracefulRestart = opts.gracefulRestart ?? true;
  const dir = mkdtempSync(join(tempBase(), 'cph-'));
  const L = harnessLayout(dir);
  const names = netnsNames(`cph-${process.pid}-${randomBytes(3).toString('hex')}`);
  // Written before anything exists, so an interrupted start-up can still be torn down.
  writeState(dir, { version: 1, ownerPid: process.pid, namespaces: allNetns(names), gracefulRestart, bins: { ip: bins.ip, sv: bins.sv } });
  const network = createNetwork(bins.ip, names, L.stopping);
  network.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      markStopping(L.stopping); // the network step and every spawn stop starting things
      await network.catch(() => {}); // so no `ip netns add` can finish after the namespaces are deleted
      await teardownDir(dir);
      unregisterTeardown(dir);
    })().catch((err: unknown) => {
      stopping = undefined; // let a later call retry
      throw err;
    }));
  registerTeardown(dir, stop);
  try {
    await network;
    const harness = await build(L, bins, names, gracefulRestart, stop);
    if (!how.teardownOnExit) unregisterTeardown(dir);
    return harness;
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

// HARNESS_DEBUG=1 prints start-up phase times on stderr.
function tracer(): (phase: string) => void {
  const t0 = Date.now();
  return process.env.HARNESS_DEBUG ? (phase) => process.stderr.write(`harness +${Date.now() - t0} ms ${phase}\n`) : () => {};
}

async function build(
  L: HarnessLayout,
  bins: Binaries,
  names: ReturnType<typeof netnsNames>,
  gracefulRestart: boolean,
  stop: () => Promise<void>,
): Promise<Harness> {
  const trace = tracer();
  for (const d of [L.nodeDir, L.peersDir, L.pidDir, L.logDir, L.serviceDir]) mkdirSync(d, { recursive: true });
  const sockets = { bird: L.socket('bird'), bird6: L.socket('bird6'), bird2: L.socket('bird2') };
  const tooLong = [...Object.values(sockets), ...PEERS.map((p) => L.peerSocket(p.id))].find((s) => Buffer.byteLength(s) > MAX_SOCKET_PATH);
  if (tooLong !== undefined)
    throw new Error(`socket path longer than ${MAX_SOCKET_PATH} bytes: ${tooLong}; set TMPDIR to a shorter directory`);

  writeFileSync(L.nodename, 'cph-node\n');
  for (const withPeers of [true, false]) {
    writeFileSync(L.config('bird', withPeers), node16Config('bird', withPeers, gracefulRestart));
    writeFileSync(L.config('bird6', withPeers), node16Config('bird6', withPeers, gracefulRestart));
    writeFileSync(L.config('bird2', withPeers), node2Config(withPeers, gracefulRestart));
  }
  const birdService = (kind: 'bird' | 'bird6') => ({
    ip: bins.ip,
    bird: bins[kind],
    netns: names.node,
    socket: sockets[kind],
    config: L.config(kind, true),
    log: L.log(kind),
    gracefulRestart,
  });
  writeServices(L.serviceDir, L.log('confd'), { bird: birdService('bird'), bird6: birdService('bird6') });

  // Without BIRD 2, its peers run BIRD 1.6 and its node is not started.
  const haveBird2 = bins.bird2 !== undefined;
  const peers = PEERS.map((spec) => makePeer(haveBird2 ? spec : { ...spec, impl: 'bird-1.6' }, bins, L, names.peers[spec.id]!));
  const node2 = makeDaemon({
    bins,
    binary: bins.bird2,
    netns: names.node2,
    socket: sockets.bird2,
    config: L.config('bird2', true),
    log: L.log('bird2'),
    pidFile: L.pidFile('node2'),
    stopMarker: L.stopping,
    extraArgs: gracefulRestart ? ['-R'] : [],
  });
  startRunsvdir(bins.runsvdir, L.serviceDir, L.log('runsvdir'), L.runsvdirPid, L.stopping);
  await Promise.all([
    ...(haveBird2 ? [node2.start()] : []),
    ...peers.map((p) => p.start()),
    ...SERVICES.map((s) =>
      pollUntil(() => (isSupervised(L.serviceDir, s) && serviceStat(L.serviceDir, s) === 'run' ? true : undefined), {
        timeoutMs: 10_000,
        intervalMs: 25,
        what: `runsv to run service ${s}`,
      }),
    ),
  ]);
  trace('daemons answering');

  const ops = makeNodeOps({ L, bins, sockets, peers, gracefulRestart });
  const kinds: NodeKind[] = haveBird2 ? ['bird', 'bird6', 'bird2'] : ['bird', 'bird6'];
  await Promise.all(
    kinds.map(async (k) => {
      await ops.waitEstablished(sockets[k], undefined, 30_000);
      trace(`${k} established`);
      if (gracefulRestart) await ops.waitGrRecoveryOver(sockets[k]);
      trace(`${k} recovered`);
    }),
  );

  return {
    ...ops,
    dir: L.dir,
    serviceDir: L.serviceDir,
    nodenameFile: L.nodename,
    bird: { socket: sockets.bird },
    bird6: { socket: sockets.bird6 },
    bird2: haveBird2 ? { socket: sockets.bird2 } : undefined,
    peers,
    namespaces: allNetns(names),
    protocolNames: { bird: peerNamesOn('bird'), bird6: peerNamesOn('bird6'), bird2: peerNamesOn('bird2') },
    logDir: L.logDir,
    stop,
  };
}
