// startHarness(): builds the network, writes configs and runit services, starts every daemon and
// waits until all peerings are Established (and graceful-restart recovery is over).

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessAvailability } from './availability.ts';
import { node16Config, node2Config, node3Config, type TimeFormat } from './bird-config.ts';
import { birdctl, connectOutcome, isEstablished } from './birdctl.ts';
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
  bird2: { socket: string };
  /** BIRD 3, one daemon for both families, started directly (not under runit), with -R. */
  bird3: {
    socket: string;
    /** A second control socket, made read-only by BIRD itself (`cli "…" { restrict; }`). */
    readOnlySocket: string;
    /** SIGKILL leaves a stale socket (connect refused); SIGTERM removes it. */
    kill(how: 'SIGKILL' | 'SIGTERM'): Promise<void>;
    /** Starts it again and waits until every peering is Established and recovery is over. */
    start(): Promise<void>;
    /** Stops `peerName`, SIGKILLs the daemon and restarts it with -R: `show status` has a 0024 block. */
    restartWithGr(peerName: string): Promise<void>;
  };
  /** Rewrites a node daemon's configuration with another `timeformat protocol` and reconfigures it. */
  setTimeformat(kind: NodeKind, format: TimeFormat): Promise<void>;
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
  const availability = harnessAvailability();
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
  const sockets = { bird: L.socket('bird'), bird6: L.socket('bird6'), bird2: L.socket('bird2'), bird3: L.socket('bird3') };
  const tooLong = [...Object.values(sockets), ...PEERS.map((p) => L.peerSocket(p.id))].find((s) => Buffer.byteLength(s) > MAX_SOCKET_PATH);
  if (tooLong !== undefined)
    throw new Error(`socket path longer than ${MAX_SOCKET_PATH} bytes: ${tooLong}; set TMPDIR to a shorter directory`);

  writeFileSync(L.nodename, 'cph-node\n');
  const readOnlySocket = sockets.bird3.replace(/\.ctl$/, '-ro.ctl');
  for (const withPeers of [true, false]) {
    writeFileSync(L.config('bird', withPeers), node16Config('bird', withPeers, gracefulRestart));
    writeFileSync(L.config('bird6', withPeers), node16Config('bird6', withPeers, gracefulRestart));
    writeFileSync(L.config('bird2', withPeers), node2Config(withPeers, gracefulRestart));
    writeFileSync(L.config('bird3', withPeers), node3Config(withPeers, gracefulRestart, 'F', readOnlySocket));
  }
  const configFor = (kind: NodeKind, format: TimeFormat): string =>
    kind === 'bird' || kind === 'bird6'
      ? node16Config(kind, true, gracefulRestart, format)
      : kind === 'bird2'
        ? node2Config(true, gracefulRestart, format)
        : node3Config(true, gracefulRestart, format, readOnlySocket);
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

  const peers = PEERS.map((spec) => makePeer(spec, bins, L, names.peers[spec.id]!));
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
  const node3 = makeDaemon({
    bins,
    binary: bins.bird3,
    netns: names.node3,
    socket: sockets.bird3,
    config: L.config('bird3', true),
    log: L.log('bird3'),
    pidFile: L.pidFile('node3'),
    stopMarker: L.stopping,
    extraArgs: gracefulRestart ? ['-R'] : [],
  });
  startRunsvdir(bins.runsvdir, L.serviceDir, L.log('runsvdir'), L.runsvdirPid, L.stopping);
  await Promise.all([
    node2.start(),
    node3.start(),
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
  const kinds: NodeKind[] = ['bird', 'bird6', 'bird2', 'bird3'];
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
    bird2: { socket: sockets.bird2 },
    bird3: {
      socket: sockets.bird3,
      readOnlySocket,
      async kill(how) {
        await (how === 'SIGKILL' ? node3.kill() : node3.stop());
        const expected = how === 'SIGKILL' ? 'ECONNREFUSED' : 'ENOENT';
        let seen = '';
        await pollUntil(async () => ((seen = await connectOutcome(sockets.bird3)) === expected ? true : undefined), {
          timeoutMs: 3000,
          what: `connect to ${sockets.bird3} to fail with ${expected}`,
          describe: () => `connect gave ${seen}`,
        });
      },
      async start() {
        await node3.start();
        await ops.waitEstablished(sockets.bird3, undefined, 30_000);
        if (gracefulRestart) await ops.waitGrRecoveryOver(sockets.bird3, 30_000);
      },
      async restartWithGr(peerName) {
        if (!gracefulRestart) throw new Error('restartWithGr needs startHarness({ gracefulRestart: true })');
        await ops.peer(peerName).stop();
        await ops.waitFor(sockets.bird3, (raw) => !isEstablished(raw, peerName));
        await node3.kill();
        await node3.start();
        let last = '';
        const recovering = async (): Promise<true | undefined> => {
          last = await birdctl(sockets.bird3, 'show status');
          return /^0024/m.test(last) ? true : undefined;
        };
        await pollUntil(recovering, {
          timeoutMs: 10_000,
          what: `a 0024 block in 'show status' on ${sockets.bird3}`,
          describe: () => last,
        });
      },
    },
    async setTimeformat(kind, format) {
      writeFileSync(L.config(kind, true), configFor(kind, format));
      const reply = await birdctl(sockets[kind], `configure "${L.config(kind, true)}"`, 10_000);
      if (!/^000[34] /m.test(reply)) throw new Error(`configure on ${sockets[kind]} failed:\n${reply}`);
    },
    peers,
    namespaces: allNetns(names),
    protocolNames: { bird: peerNamesOn('bird'), bird6: peerNamesOn('bird6'), bird2: peerNamesOn('bird2'), bird3: peerNamesOn('bird3') },
    logDir: L.logDir,
    stop,
  };
}
