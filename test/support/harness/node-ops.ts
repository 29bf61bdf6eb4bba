// What tests do to the node side: query and wait on control sockets, drive the runit services,
// kill BIRD in the ways that leave a stale or an absent socket, force graceful-restart recovery,
// and swap in a configuration without BGP protocols.

import { utimesSync } from 'node:fs';
import { daemonsMissing } from './availability.ts';
import { bgpNames, birdctl, connectOutcome, isEstablished } from './birdctl.ts';
import type { HarnessLayout } from './layout.ts';
import type { Binaries } from './paths.ts';
import { waitSocketUp, type PeerHandle } from './peers.ts';
import { pollUntil } from './poll.ts';
import { isAlive, stopPids } from './processes.ts';
import { servicePid, serviceWant, sv, waitServiceState, type ServiceName } from './runit.ts';
import { peerNamesOn, type NodeKind } from './topology.ts';

export interface NodeOps {
  peer(name: string): PeerHandle;
  /** Polls raw `show protocols` (banner included) until `predicate` holds; returns that text. */
  waitFor(socket: string, predicate: (showProtocolsRaw: string) => boolean, timeoutMs?: number): Promise<string>;
  /** `names` defaults to every peer configured on that node daemon (any socket: every BGP row). */
  waitEstablished(socket: string, names?: string[], timeoutMs?: number): Promise<void>;
  /** Polls `show status` until it has no `0024` graceful-restart block. */
  waitGrRecoveryOver(socket: string, timeoutMs?: number): Promise<void>;
  setNodenameAge(seconds: number): Promise<void>;
  svDown(service: ServiceName): Promise<void>;
  svUp(service: ServiceName): Promise<void>;
  killNodeBird(kind: 'bird' | 'bird6', how: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  restartNodeBirdWithGr(kind?: 'bird' | 'bird6', peerName?: string): Promise<void>;
  configureNoPeers(kind: NodeKind): Promise<void>;
  restoreConfig(kind: NodeKind): Promise<void>;
  /** The control sockets of those of `kinds` that run here (BIRD 2 and 3 only when their binaries are there). */
  socketsOf(...kinds: NodeKind[]): string[];
  /** Raw session text: the `0001` banner line, then the reply up to its final `CCCC ` line. */
  birdctl(socket: string, command: string): Promise<string>;
}

/** For a call on a node daemon this harness did not start (BIRD 2 or 3 without its binary). */
export function notRunning(kind: NodeKind): Error {
  const why = daemonsMissing(kind);
  return new Error(
    `this harness runs no node ${kind}${why === undefined ? '' : ` (${why})`}; guard the test with requireRig(t, rig, '${kind}')`,
  );
}

interface Ctx {
  L: HarnessLayout;
  bins: Binaries;
  /** Only the node daemons that run. */
  sockets: Partial<Record<NodeKind, string>>;
  peers: PeerHandle[];
  gracefulRestart: boolean;
}

export function makeNodeOps(ctx: Ctx): NodeOps {
  const { L, bins } = ctx;
  const kindOf = (socket: string): NodeKind | undefined => (Object.keys(ctx.sockets) as NodeKind[]).find((k) => ctx.sockets[k] === socket);
  const socketOf = (kind: NodeKind): string => {
    const socket = ctx.sockets[kind];
    if (socket === undefined) throw notRunning(kind);
    return socket;
  };
  const sockets = { bird: socketOf('bird'), bird6: socketOf('bird6') };

  const ops: NodeOps = {
    peer(name) {
      const found = ctx.peers.find((p) => p.name === name);
      if (found === undefined) throw new Error(`no peer named ${name}; known: ${ctx.peers.map((p) => p.name).join(', ')}`);
      return found;
    },

    async waitFor(socket, predicate, timeoutMs = 15_000) {
      let last = '';
      return pollUntil(
        async () => {
          last = await birdctl(socket, 'show protocols');
          return predicate(last) ? last : undefined;
        },
        { timeoutMs, what: `'show protocols' on ${socket} to match`, describe: () => last },
      );
    },

    async waitEstablished(socket, names, timeoutMs = 20_000) {
      const kind = kindOf(socket);
      const wanted = names ?? (kind === undefined ? undefined : peerNamesOn(kind));
      await ops.waitFor(
        socket,
        (raw) => {
          const list = wanted ?? bgpNames(raw);
          return list.length > 0 && list.every((n) => isEstablished(raw, n));
        },
        timeoutMs,
      );
    },

    async waitGrRecoveryOver(socket, timeoutMs = 20_000) {
      let last = '';
      await pollUntil(
        async () => {
          last = await birdctl(socket, 'show status');
          return /^0013 /m.test(last) && !/^0024/m.test(last) ? true : undefined;
        },
        { timeoutMs, what: `graceful-restart recovery to end on ${socket}`, describe: () => last },
      );
    },

    async setNodenameAge(seconds) {
      const t = Date.now() / 1000 - seconds;
      utimesSync(L.nodename, t, t);
    },

    async svDown(service) {
      await sv(bins.sv, 'down', L.serviceDir, [service]);
      await waitServiceState(L.serviceDir, service, 'down');
    },

    async svUp(service) {
      await sv(bins.sv, 'up', L.serviceDir, [service]);
      await waitServiceState(L.serviceDir, service, 'run');
      if (service !== 'confd') await waitSocketUp(sockets[service], { log: L.log(service) });
    },

    async killNodeBird(kind, how) {
      const pid = servicePid(L.serviceDir, kind);
      if (pid === undefined || !isAlive(pid)) throw new Error(`node ${kind} is not running`);
      // `once`: runsv must not restart it, or the socket would be back within a second. sv returns
      // before runsv has read the command; a kill that wins that race gets the daemon restarted.
      await sv(bins.sv, 'once', L.serviceDir, [kind]);
      await pollUntil(() => (serviceWant(L.serviceDir, kind) === 'down' ? true : undefined), {
        timeoutMs: 5000,
        intervalMs: 10,
        what: `runsv to take 'sv once' for ${kind}`,
      });
      await stopPids([pid], how, 5000);
      await waitServiceState(L.serviceDir, kind, 'down');
      const expected = how === 'SIGKILL' ? 'ECONNREFUSED' : 'ENOENT';
      let seen = '';
      await pollUntil(async () => ((seen = await connectOutcome(sockets[kind])) === expected ? true : undefined), {
        timeoutMs: 3000,
        what: `connect to ${sockets[kind]} to fail with ${expected}`,
        describe: () => `connect gave ${seen}`,
      });
    },

    async restartNodeBirdWithGr(kind = 'bird', peerName = kind === 'bird' ? 'Node_10_0_0_4' : 'Node_fd00__4') {
      if (!ctx.gracefulRestart) throw new Error('restartNodeBirdWithGr needs startHarness({ gracefulRestart: true })');
      const peer = ops.peer(peerName);
      // With one GR peer down, recovery waits for it for up to 240 s instead of ending in 2–3 s.
      await peer.stop();
      await ops.waitFor(sockets[kind], (raw) => !isEstablished(raw, peerName));
      await ops.killNodeBird(kind, 'SIGKILL');
      await ops.svUp(kind);
      let last = '';
      await pollUntil(async () => ((last = await birdctl(sockets[kind], 'show status')), /^0024/m.test(last) ? true : undefined), {
        timeoutMs: 10_000,
        what: `a 0024 block in 'show status' on ${sockets[kind]}`,
        describe: () => last,
      });
    },

    async configureNoPeers(kind) {
      await configure(socketOf(kind), L.config(kind, false));
      await ops.waitFor(socketOf(kind), (raw) => /^0000 /m.test(raw) && bgpNames(raw).length === 0);
    },

    async restoreConfig(kind) {
      await configure(socketOf(kind), L.config(kind, true));
      await ops.waitEstablished(socketOf(kind));
    },

    socketsOf: (...kinds) => kinds.flatMap((k) => ctx.sockets[k] ?? []),

    birdctl: (socket, command) => birdctl(socket, command, 5000),
  };
  return ops;
}

async function configure(socket: string, file: string): Promise<void> {
  const reply = await birdctl(socket, `configure "${file}"`, 10_000);
  // 0003 Reconfigured, or 0004 while removed protocols are still shutting down.
  if (!/^000[34] /m.test(reply)) throw new Error(`configure "${file}" on ${socket} failed:\n${reply}`);
}
