// Peer daemons: real BIRD 1.6 and BIRD 2 processes, each in its own netns, started directly (not
// under runit) so stop/kill/start act on exactly one daemon.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { peerConfig } from './bird-config.ts';
import { connectOutcome } from './birdctl.ts';
import type { HarnessLayout } from './layout.ts';
import type { Binaries } from './paths.ts';
import { pollUntil } from './poll.ts';
import { isAlive, spawnDaemon, stopPids } from './processes.ts';
import type { Family, NodeKind, PeerImpl, PeerSpec } from './topology.ts';

export interface PeerHandle {
  /** Calico protocol name on the node daemons, e.g. `Node_10_0_0_6_port_1790`. */
  name: string;
  /** Short id from topology.ts, e.g. `p6`. */
  id: string;
  /** Without the port: `10.0.0.6`, `fd00::2`. */
  address: string;
  family: Family;
  port: number;
  /** What it runs: a BIRD 2 peer of the topology runs BIRD 1.6 when BIRD 2 is missing (topology.ts peersFor). */
  impl: PeerImpl;
  /** Node daemons that run and have a protocol row for this peer. */
  nodes: readonly NodeKind[];
  /** The peer's own control socket. */
  socket: string;
  netns: string;
  /** PID while running. */
  pid(): number | undefined;
  /** SIGTERM: BIRD sends a Cease, the node row shows `Received: Administrative shutdown`. */
  stop(): Promise<void>;
  /** SIGKILL: no NOTIFICATION, so the node keeps the peer's routes (peer graceful restart). */
  kill(): Promise<void>;
  /** Starts the daemon (no-op if running) and waits until its control socket answers. */
  start(): Promise<void>;
}

/** Waits until a BIRD control socket sends its banner; fails at once, with the end of the daemon's
 * log, if `alive` says the daemon has exited. */
export async function waitSocketUp(socket: string, opts: { alive?: () => boolean; log?: string; timeoutMs?: number } = {}): Promise<void> {
  let seen = '';
  const up = await pollUntil(
    async () => {
      seen = await connectOutcome(socket, 1000);
      if (seen === 'ok') return true;
      return opts.alive?.() === false ? false : undefined;
    },
    {
      timeoutMs: opts.timeoutMs ?? 10_000,
      intervalMs: 25,
      what: `BIRD to answer on ${socket}`,
      describe: () => `connect: ${seen}${logTail(opts.log)}`,
    },
  );
  if (!up) throw new Error(`BIRD for ${socket} exited during start-up${logTail(opts.log)}`);
}

function logTail(file: string | undefined): string {
  if (file === undefined) return '';
  try {
    return `\n${file}:\n${readFileSync(file, 'utf8').trimEnd().split('\n').slice(-8).join('\n')}`;
  } catch {
    return '';
  }
}

/** One directly started BIRD daemon in a netns (also used for the node's BIRD 2). */
export function makeDaemon(opts: {
  bins: Binaries;
  binary: string;
  netns: string;
  socket: string;
  config: string;
  log: string;
  pidFile: string;
  stopMarker: string;
  extraArgs?: string[];
}) {
  let pid: number | undefined;
  const running = (): number | undefined => (pid !== undefined && isAlive(pid) ? pid : undefined);
  const halt = async (sig: NodeJS.Signals): Promise<void> => {
    const p = running();
    if (p !== undefined) await stopPids([p], sig, 5000);
    pid = undefined;
    rmSync(opts.pidFile, { force: true });
  };
  return {
    pid: running,
    async start(): Promise<void> {
      if (running() !== undefined) return;
      const started = spawnDaemon(
        opts.bins.ip,
        ['netns', 'exec', opts.netns, opts.binary, ...(opts.extraArgs ?? []), '-s', opts.socket, '-d', '-c', opts.config],
        opts.log,
        opts.pidFile,
        opts.stopMarker,
      );
      pid = started;
      await waitSocketUp(opts.socket, { alive: () => isAlive(started), log: opts.log });
    },
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
  };
}

export function makePeer(spec: PeerSpec, bins: Binaries, L: HarnessLayout, netns: string): PeerHandle {
  const binary = spec.impl === 'bird-2' ? bins.bird2 : spec.family === 'ipv4' ? bins.bird : bins.bird6;
  if (binary === undefined) throw new Error(`peer ${spec.name} is BIRD 2, but there is no BIRD 2 binary (see topology.ts peersFor)`);
  const config = L.peerConfig(spec.id);
  writeFileSync(config, peerConfig(spec));
  const daemon = makeDaemon({
    bins,
    binary,
    netns,
    socket: L.peerSocket(spec.id),
    config,
    log: L.log(spec.id),
    pidFile: L.pidFile(spec.id),
    stopMarker: L.stopping,
  });
  return {
    name: spec.name,
    id: spec.id,
    address: spec.address,
    family: spec.family,
    port: spec.port,
    impl: spec.impl,
    nodes: spec.nodes,
    socket: L.peerSocket(spec.id),
    netns,
    ...daemon,
  };
}
