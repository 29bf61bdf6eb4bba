// Every file the harness writes lives under one temp dir with short names, so socket paths stay
// far below the 107-byte sun_path limit and teardown is one `rm -rf`.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeKind } from './topology.ts';

export interface HarnessState {
  version: 1;
  ownerPid: number;
  namespaces: string[];
  /** The node daemons started (bird2 and bird3 only when their binaries were there); absent in older states. */
  daemons?: NodeKind[];
  gracefulRestart: boolean;
  bins: { ip: string; sv: string };
}

export function harnessLayout(dir: string) {
  return {
    dir,
    state: join(dir, 'state.json'),
    /** Written first by teardown; spawnDaemon refuses to start anything once it exists. */
    stopping: join(dir, 'stopping'),
    runsvdirPid: join(dir, 'runsvdir.pid'),
    nodename: join(dir, 'nodename'),
    serviceDir: join(dir, 'service'),
    nodeDir: join(dir, 'node'),
    peersDir: join(dir, 'peers'),
    pidDir: join(dir, 'pids'),
    logDir: join(dir, 'logs'),
    socket: (kind: NodeKind): string => join(dir, 'node', `${kind}.ctl`),
    config: (kind: NodeKind, withPeers: boolean): string => join(dir, 'node', withPeers ? `${kind}.cfg` : `${kind}-nopeers.cfg`),
    peerSocket: (id: string): string => join(dir, 'peers', `${id}.ctl`),
    peerConfig: (id: string): string => join(dir, 'peers', `${id}.cfg`),
    pidFile: (id: string): string => join(dir, 'pids', `${id}.pid`),
    log: (name: string): string => join(dir, 'logs', `${name}.log`),
  };
}

export type HarnessLayout = ReturnType<typeof harnessLayout>;

export function writeState(dir: string, state: HarnessState): void {
  writeFileSync(harnessLayout(dir).state, `${JSON.stringify(state, null, 2)}\n`);
}

export function readState(dir: string): HarnessState | undefined {
  try {
    const state = JSON.parse(readFileSync(harnessLayout(dir).state, 'utf8')) as HarnessState;
    return state.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}
