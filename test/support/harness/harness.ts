// startHarness(): builds the network, writes configs and runit services, starts every daemon and
// waits until all peerings are Established (and graceful-restart recovery is over). The BIRD 2 and
// BIRD 3 nodes start only when their binaries are there (paths.ts); BIRD 1.6 always does.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessAvailability } from './availability.ts';
import { node16Config, node2Config, node3Config, type TimeFormat } from './bird-config.ts';
import { birdctl, connectOutcome, isEstablished } from './birdctl.ts';
import { harnessLayout, writeState, type HarnessLayout } from './layout.ts';
import { makeNodeOps, notRunning, type NodeOps } from './node-ops.ts';
import { allNetns, createNetwork, netnsNames } from './netns.ts';
import { locateBinaries, MAX_SOCKET_PATH, tempBase, type Binaries, type OptionalDaemon } from './paths.ts';
import { makeDaemon, makePeer, type PeerHandle } from './peers.ts';
import { isSupervised, SERVICES, serviceStat, startRunsvdir, writeServices } from './runit.ts';
import { pollUntil } from './poll.ts';
import { markStopping, registerTeardown, teardownDir, unregisterTeardown } from './teardown.ts';
import { peerNamesOn, peersFor, type NodeKind, type PeerSpec } from './topology.ts';

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
  /** The node BIRD 2 daemon; undefined when its binary is missing (paths.ts). */
  bird2?: { socket: string };
  /** BIRD 3, one daemon for both families, started directly (not under runit), with -R; undefined
   * when its binary is missing. */
  bird3?: {
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
  /** The node daemons that run: bird and bird6, then bird2 and bird3 when their binaries are there. */
  daemons: readonly NodeKind[];
  /** `h[kind]`, or an error naming the missing binary: for code reached only after requireRig(t, rig, kind). */
  daemon<K extends NodeKind>(kind: K): NonNullable<Harness[K]>;
  /** Rewrites a node daemon's configuration with another `timeformat protocol` and reconfigures it. */
  setTimeformat(kind: NodeKind, format: TimeFormat): Promise<void>;
  peers: PeerHandle[];
  /** Every netns this instance created (all deleted by stop()). */
  namespaces: string[];
  /** BGP protocol names configured on each node daemon that runs, in BIRD's row order. */
  protocolNames: Partial<Record<NodeKind, string[]>> & Record<'bird' | 'bird6', string[]>;
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
  const daemons: NodeKind[] = ['bird', 'bird6', ...(['bird2', 'bird3'] as const).filter((k) => bins[k] !== undefined)];
  const peers = peersFor(daemons);
  const gracefulRestart = opts.gracefulRestart ?? true;
  const dir = mkdtempSync(join(tempBase(), 'cph-'));
  const L = harnessLayout(dir);
  const names = netnsNames(`cph-${process.pid}-${randomBytes(3).toString('hex')}`, daemons, peers);
  // Written before anything exists, so an interrupted start-up can still be torn down.
  writeState(dir, {
    version: 1,
    ownerPid: process.pid,
    namespaces: allNetns(names),
    daemons,
    gracefulRestart,
    bins: { ip: bins.ip, sv: bins.sv },
  });
  const network = createNetwork(bins.ip, names, peers, L.stopping);
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
    const harness = await build(L, bins, names, daemons, peers, gracefulRestart, stop);
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
  daemons: NodeKind[],
  peerSpecs: PeerSpec[],
  gracefulRestart: boolean,
  stop: () => Promise<void>,
): Promise<Harness> {
  const trace = tracer();
  for (const d of [L.nodeDir, L.peersDir, L.pidDir, L.logDir, L.serviceDir]) mkdirSync(d, { recursive: true });
  const sockets = { bird: L.socket('bird'), bird6: L.socket('bird6'), bird2: L.socket('bird2'), bird3: L.socket('bird3') };
  const tooLong = [...Object.values(sockets), ...peerSpecs.map((p) => L.peerSocket(p.id))].find(
    (s) => Buffer.byteLength(s) > MAX_SOCKET_PATH,
  );
  if (tooLong !== undefined)
    throw new Error(`socket path longer than ${MAX_SOCKET_PATH} bytes: ${tooLong}; set TMPDIR to a shorter directory`);

  writeFileSync(L.nodename, 'cph-node\n');
  const readOnlySocket = sockets.bird3.replace(/\.ctl$/, '-ro.ctl');
  const configFor = (kind: NodeKind, withPeers: boolean, format?: TimeFormat): string =>
    kind === 'bird' || kind === 'bird6'
      ? node16Config(kind, withPeers, gracefulRestart, format)
      : kind === 'bird2'
        ? node2Config(withPeers, gracefulRestart, format)
        : node3Config(withPeers, gracefulRestart, format, readOnlySocket);
  for (const kind of daemons) for (const withPeers of [true, false]) writeFileSync(L.config(kind, withPeers), configFor(kind, withPeers));
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

  const peers = peerSpecs.map((spec) => makePeer(spec, bins, L, names.peers[spec.id]!));
  // The node BIRD 2 and BIRD 3 daemons, started directly, each in its own netns.
  const nodeDaemon = (kind: OptionalDaemon) => {
    const binary = bins[kind];
    const netns = kind === 'bird2' ? names.node2 : names.node3;
    if (binary === undefined || netns === undefined) return undefined;
    return makeDaemon({
      bins,
      binary,
      netns,
      socket: sockets[kind],
      config: L.config(kind, true),
      log: L.log(kind),
      pidFile: L.pidFile(kind === 'bird2' ? 'node2' : 'node3'),
      stopMarker: L.stopping,
      extraArgs: gracefulRestart ? ['-R'] : [],
    });
  };
  const node2 = nodeDaemon('bird2');
  const node3 = nodeDaemon('bird3');
  startRunsvdir(bins.runsvdir, L.serviceDir, L.log('runsvdir'), L.runsvdirPid, L.stopping);
  await Promise.all([
    node2?.start(),
    node3?.start(),
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

  const running = Object.fromEntries(daemons.map((k) => [k, sockets[k]]));
  const ops = makeNodeOps({ L, bins, sockets: running, peers, gracefulRestart });
  await Promise.all(
    daemons.map(async (k) => {
      await ops.waitEstablished(sockets[k], undefined, 30_000);
      trace(`${k} established`);
      if (gracefulRestart) await ops.waitGrRecoveryOver(sockets[k]);
      trace(`${k} recovered`);
    }),
  );

  const harness: Harness = {
    ...ops,
    dir: L.dir,
    serviceDir: L.serviceDir,
    nodenameFile: L.nodename,
    bird: { socket: sockets.bird },
    bird6: { socket: sockets.bird6 },
    ...(node2 === undefined ? {} : { bird2: { socket: sockets.bird2 } }),
    ...(node3 === undefined ? {} : { bird3: bird3Handle(node3, sockets.bird3, readOnlySocket, ops, gracefulRestart) }),
    daemons,
    daemon(kind) {
      const found = harness[kind];
      if (found === undefined) throw notRunning(kind);
      return found as NonNullable<Harness[typeof kind]>;
    },
    async setTimeformat(kind, format) {
      const socket = harness.daemon(kind).socket;
      writeFileSync(L.config(kind, true), configFor(kind, true, format));
      const reply = await birdctl(socket, `configure "${L.config(kind, true)}"`, 10_000);
      if (!/^000[34] /m.test(reply)) throw new Error(`configure on ${socket} failed:\n${reply}`);
    },
    peers,
    namespaces: allNetns(names),
    protocolNames: {
      bird: peerNamesOn('bird'),
      bird6: peerNamesOn('bird6'),
      ...Object.fromEntries(daemons.map((k) => [k, peerNamesOn(k)])),
    },
    logDir: L.logDir,
    stop,
  };
  return harness;
}

function bird3Handle(
  node3: ReturnType<typeof makeDaemon>,
  socket: string,
  readOnlySocket: string,
  ops: NodeOps,
  gracefulRestart: boolean,
): NonNullable<Harness['bird3']> {
  return {
    socket,
    readOnlySocket,
    async kill(how) {
      await (how === 'SIGKILL' ? node3.kill() : node3.stop());
      const expected = how === 'SIGKILL' ? 'ECONNREFUSED' : 'ENOENT';
      let seen = '';
      await pollUntil(async () => ((seen = await connectOutcome(socket)) === expected ? true : undefined), {
        timeoutMs: 3000,
        what: `connect to ${socket} to fail with ${expected}`,
        describe: () => `connect gave ${seen}`,
      });
    },
    async start() {
      await node3.start();
      await ops.waitEstablished(socket, undefined, 30_000);
      if (gracefulRestart) await ops.waitGrRecoveryOver(socket, 30_000);
    },
    async restartWithGr(peerName) {
      if (!gracefulRestart) throw new Error('restartWithGr needs startHarness({ gracefulRestart: true })');
      await ops.peer(peerName).stop();
      await ops.waitFor(socket, (raw) => !isEstablished(raw, peerName));
      await node3.kill();
      await node3.start();
      let last = '';
      const recovering = async (): Promise<true | undefined> => {
        last = await birdctl(socket, 'show status');
        return /^0024/m.test(last) ? true : undefined;
      };
      await pollUntil(recovering, {
        timeoutMs: 10_000,
        what: `a 0024 block in 'show status' on ${socket}`,
        describe: () => last,
      });
    },
  };
}
