// Stand-ins for calling a check in-process: a CheckContext whose Transport answers from captured
// BIRD replies (test/fixtures/bird) or a given Felix answer, runit service directories written the
// way runsv writes them (no runsv running), and a nodename file of a chosen age.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BirdSession } from '../../src/bird/index.ts';
import type { FelixResponse } from '../../src/felix/http.ts';
import type { CheckContext, ProbeConfig, Transport } from '../../src/checks/types.ts';
import assert from 'node:assert/strict';
import { BirdError, queryBird } from '../../src/bird/index.ts';
import { readFixture } from '../bird/fixtures.ts';
import { startFakeBird } from './fake-bird.ts';

/** A BirdSession as the BIRD clients resolve it: the banner, then the one reply of each fixture, in order. */
export function sessionFrom(...fixtures: string[]): BirdSession {
  let banner = '';
  const replies = fixtures.map((name) => {
    const read = readFixture(name);
    banner = read.banner ?? '';
    const [reply] = read.replies;
    if (read.replies.length !== 1 || reply === undefined) throw new Error(`${name} should hold exactly one reply`);
    return reply;
  });
  return { banner, replies };
}

/** A FelixResponse as src/felix/http.ts resolves it. */
export function felixAnswer(url: string, status: number, body: string, extra: Partial<FelixResponse> = {}): FelixResponse {
  return { status, body, truncated: false, location: null, url, ...extra };
}

export interface BirdCall {
  path: string;
  commands: string[];
  signal: AbortSignal;
}

/** A Transport that answers (or throws) what it is given, and records what it was asked. */
export interface StubTransport extends Transport {
  birdCalls: BirdCall[];
  felixCalls: string[];
}

type Answer<T> = T | Error | ((signal: AbortSignal) => Promise<T>);

export function stubTransport(answers: { bird?: Answer<BirdSession>; felix?: Answer<FelixResponse> }): StubTransport {
  const birdCalls: BirdCall[] = [];
  const felixCalls: string[] = [];
  const give = async <T>(answer: Answer<T> | undefined, signal: AbortSignal, what: string): Promise<T> => {
    if (answer === undefined) throw new Error(`the check was not expected to ask ${what}`);
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return (answer as (signal: AbortSignal) => Promise<T>)(signal);
    return answer;
  };
  return {
    birdCalls,
    felixCalls,
    bird: (path, commands, signal) => {
      birdCalls.push({ path, commands, signal });
      return give(answers.bird, signal, 'BIRD');
    },
    felix: (url, signal) => {
      felixCalls.push(url);
      return give(answers.felix, signal, 'Felix');
    },
  };
}

/** A temp directory for one test file's service dirs, nodename files and sockets. */
export interface Scratch {
  dir: string;
  /** Closes every FIFO reader opened here and removes the directory. */
  cleanup(): void;
  /** Opened FIFO readers, standing in for the runsv that holds supervise/ok open. */
  readonly fds: number[];
}

export function scratch(): Scratch {
  const fds: number[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'calico-probe-check-'));
  return {
    dir,
    fds,
    cleanup: () => {
      for (const fd of fds.splice(0)) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function baseConfig(dir: string, overrides: Partial<ProbeConfig> = {}): ProbeConfig {
  return {
    checks: [],
    felixUrl: 'http://127.0.0.1:9099',
    birdSocket: join(dir, 'bird.ctl'),
    bird6Socket: join(dir, 'bird6.ctl'),
    serviceDir: join(dir, 'service'),
    nodenameFile: join(dir, 'nodename'),
    thresholdMs: 30_000,
    timeoutMs: 1000,
    confdConfigDir: join(dir, 'confd'),
    shutdownFile: join(dir, 'shutdownTS'),
    kube: undefined,
    nodeName: '',
    output: 'text',
    textfile: undefined,
    quiet: false,
    verbose: false,
    color: false,
    ...overrides,
  };
}

export function context(config: ProbeConfig, transport: Transport, opts: { signal?: AbortSignal; now?: () => number } = {}): CheckContext {
  return { config, transport, signal: opts.signal ?? AbortSignal.timeout(5000), now: opts.now ?? Date.now };
}

/** A nodename file whose mtime is `ageMs` before `nowMs` (negative: from the future). */
export function nodenameFile(path: string, nowMs: number, ageMs: number): void {
  writeFileSync(path, 'node-1');
  const mtime = (nowMs - ageMs) / 1000;
  utimesSync(path, mtime, mtime);
}

export interface SuperviseState {
  state: 'down' | 'run' | 'finish';
  want?: 'u' | 'd';
  pid?: number;
  paused?: boolean;
  gotTerm?: boolean;
  /** Unix ms of the last change; default 100 s ago. */
  changedAtMs?: number;
  /** A `down` file in the service directory: normally down. */
  downFile?: boolean;
  /** Whether a runsv holds supervise/ok open; default true. */
  runsv?: boolean;
}

const TAI64_UNIX_EPOCH = 2n ** 62n + 10n;
const STATE_BYTE = { down: 0, run: 1, finish: 2 } as const;

/** runsv's 20-byte supervise/status (runit's sv.c / runsv.c layout, see src/runit/status-file.ts). */
export function superviseStatusBytes(s: SuperviseState): Buffer {
  const bytes = Buffer.alloc(20);
  const changedAtMs = s.changedAtMs ?? Date.now() - 100_000;
  bytes.writeBigUInt64BE(TAI64_UNIX_EPOCH + BigInt(Math.floor(changedAtMs / 1000)), 0);
  bytes.writeUInt32BE((changedAtMs % 1000) * 1e6, 8);
  bytes.writeUInt32LE(s.state === 'down' ? 0 : (s.pid ?? 4242), 12);
  bytes.writeUInt8(s.paused ? 1 : 0, 16);
  bytes.write(s.want ?? (s.state === 'down' ? 'd' : 'u'), 17, 'latin1');
  bytes.writeUInt8(s.gotTerm ? 1 : 0, 18);
  bytes.writeUInt8(STATE_BYTE[s.state], 19);
  return bytes;
}

/**
 * `<serviceDir>/<name>` as runsv leaves it: supervise/status, stat and pid, and supervise/ok, a
 * FIFO held open for reading by this process in place of runsv (unless `runsv: false`).
 */
export function superviseDir(scratchDir: Scratch, serviceDir: string, name: string, s: SuperviseState): string {
  const dir = join(serviceDir, name);
  const supervise = join(dir, 'supervise');
  mkdirSync(supervise, { recursive: true });
  writeFileSync(join(dir, 'run'), '#!/bin/sh\nexec sleep 1000\n', { mode: 0o755 });
  if (s.downFile) writeFileSync(join(dir, 'down'), '');
  writeFileSync(join(supervise, 'status'), superviseStatusBytes(s));
  const stat = [
    s.state,
    s.paused ? ', paused' : '',
    s.want === 'd' && s.state !== 'down' ? ', want down' : '',
    s.gotTerm ? ', got TERM' : '',
  ];
  writeFileSync(join(supervise, 'stat'), `${stat.join('')}\n`);
  writeFileSync(join(supervise, 'pid'), s.state === 'down' ? '' : `${s.pid ?? 4242}\n`);
  const ok = join(supervise, 'ok');
  execFileSync('mkfifo', [ok]);
  if (s.runsv !== false) scratchDir.fds.push(openSync(ok, constants.O_RDONLY | constants.O_NONBLOCK));
  return dir;
}

/** sv prints uptimes in whole seconds of the wall clock: compare lines without them. */
export const withoutUptime = (line: string): string => line.replace(/ \d+s\b/g, ' Ns');

/** The error the real BIRD client rejects with, for the conversation `script` plays (none: no socket). */
export async function realBirdError(
  path: string,
  commands: string[],
  signal: AbortSignal,
  script?: Parameters<typeof startFakeBird>[0],
): Promise<BirdError> {
  const fake = script ? await startFakeBird(script, path) : undefined;
  try {
    const error = await queryBird(path, commands, { signal }).then(
      () => assert.fail('expected a BirdError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BirdError);
    return error;
  } finally {
    await fake?.close();
  }
}
