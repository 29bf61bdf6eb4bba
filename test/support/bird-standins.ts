// BIRD control sockets for the fault suite: one that answers like a healthy BIRD 1.6 (the
// recorded replies of test/fixtures/bird), scripts that misbehave in one way each, and daemons
// that die or hang (a stale socket, a SIGSTOPped listener). They run on real UNIX sockets
// (test/bird/fake-bird.ts); every timer a script starts stops with its connection.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { setInterval } from 'node:timers';
import { splitFixture } from '../bird/fixtures.ts';
import type { Conn } from './fake-bird.ts';

const recorded = (name: string): Buffer => splitFixture(name).replies[0] as Buffer;
const { banner: BANNER } = splitFixture('1.6/bird-show-status.txt');

/** What a healthy BIRD 1.6 with every peer Established answers. */
export const REPLIES: Record<string, Buffer> = {
  'show protocols': recorded('1.6/bird-show-protocols-established.txt'),
  'show status': recorded('1.6/bird-show-status.txt'),
};
const replyTo = (command: string): Buffer => REPLIES[command] ?? Buffer.from('9001 syntax error\n');

/** A `show protocols` reply (BIRD 1.6 layout) holding `rows`, each `name proto table state since info`. */
export function protocolsReply(rows: string[]): Buffer {
  const body = rows.map((row, i) => `${i === 0 ? '1002-' : ' '}${row}`);
  return Buffer.from([`2002-name     proto    table    state  since       info`, ...body, '0000 ', ''].join('\n'));
}

/** The first `n` lines of `bytes`. */
export function firstLines(bytes: Buffer, n: number): Buffer {
  let end = 0;
  for (let i = 0; i < n; i++) end = bytes.indexOf(10, end) + 1;
  return bytes.subarray(0, end);
}

type Answer = (conn: Conn, command: string) => Promise<void> | void;

/** Sends the banner, then `answer(command)` for each command as it arrives. */
export function conversation(answer: Answer) {
  return async (conn: Conn): Promise<void> => {
    conn.bannerSent = true;
    await conn.send(BANNER);
    for (let i = 0; !conn.socket.destroyed; i++) await answer(conn, await conn.command(i));
  };
}

/** Sends the banner, then misbehaves once, on the first command; later commands get nothing. */
function onFirstCommand(answer: Answer) {
  return async (conn: Conn): Promise<void> => {
    conn.bannerSent = true;
    await conn.send(BANNER);
    await answer(conn, await conn.command(0));
  };
}

/** Repeats `tick` every `ms` until the connection closes. */
function every(conn: Conn, ms: number, tick: () => void): void {
  const timer = setInterval(() => (conn.socket.destroyed ? clearInterval(timer) : tick()), ms);
  conn.socket.once('close', () => clearInterval(timer));
}

export const healthy = conversation((conn, command) => conn.send(replyTo(command)));

/** A healthy one-daemon BIRD of generation 2 or 3 (both families in one table), from its recorded replies. */
export function healthyDual(generation: '2' | '3') {
  const { banner } = splitFixture(`${generation}/show-status.txt`);
  const replies: Record<string, Buffer> = {
    'show protocols': recorded(`${generation}/show-protocols-established.txt`),
    'show status': recorded(`${generation}/show-status.txt`),
  };
  return async (conn: Conn): Promise<void> => {
    conn.bannerSent = true;
    await conn.send(banner);
    for (let i = 0; !conn.socket.destroyed; i++) {
      const command = await conn.command(i);
      await conn.send(replies[command] ?? Buffer.from('9001 syntax error\n'));
    }
  };
}

/** Counts bytes written by the endless reply, so a test can see the client hang up early. */
export const endless = { written: 0 };
const ROW = Buffer.from(' Mesh_10_0_0_2 BGP      master   up     20:13:53    Established   \n'.repeat(512));

export const FAULTS = {
  'accepts and never writes': (): void => {},
  'banner, then stalls mid-reply': onFirstCommand((conn, command) => conn.send(firstLines(replyTo(command), 3))),
  'drips one byte per 100 ms forever': onFirstCommand((conn, command) => {
    const bytes = firstLines(replyTo(command), 2);
    let sent = 0;
    every(conn, 100, () => {
      const at = sent++ % bytes.length;
      conn.socket.write(bytes.subarray(at, at + 1));
    });
  }),
  'closes before the terminating line': onFirstCommand((conn, command) => {
    const reply = replyTo(command);
    conn.socket.end(reply.subarray(0, reply.lastIndexOf(10, reply.length - 2) + 1));
  }),
  'sends garbage': onFirstCommand((conn) => conn.send('HTTP/1.1 400 Bad Request\r\n\r\n')),
  'sends binary': onFirstCommand((conn) =>
    conn.send(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x0a, 0xff, 0xfe])),
  ),
  'sends an over-long line': onFirstCommand((conn) => conn.send(Buffer.alloc(100 * 1024, 'x'))),
  'sends an endless reply': onFirstCommand((conn) => {
    conn.socket.write('2002-name     proto    table    state  since       info\n');
    const pump = (): void => {
      while (!conn.socket.destroyed) {
        endless.written += ROW.length;
        if (!conn.socket.write(ROW)) return void conn.socket.once('drain', pump);
      }
    };
    pump();
  }),
  'answers 8007 Access denied': conversation((conn) => conn.send('8007 Access denied\n')),
  'answers 9001 syntax error': conversation((conn) => conn.send('9001 syntax error\n')),
} satisfies Record<string, (conn: Conn) => Promise<void> | void>;

export type FaultName = keyof typeof FAULTS;

/** A listener in a child process, at `path`. Killed by PID with SIGKILL, it leaves a stale socket file. */
async function childListener(path: string, backlog: number): Promise<ChildProcess> {
  const script =
    "require('node:net').createServer().listen({ path: process.argv[1], backlog: Number(process.argv[2]) }, () => console.log('up'))";
  const child = spawn(process.execPath, ['-e', script, path, String(backlog)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout as Readable, 'data');
  return child;
}

/** A socket file whose daemon died by SIGKILL: connect() says ECONNREFUSED. */
export async function staleSocket(path: string): Promise<void> {
  const child = await childListener(path, 1);
  child.kill('SIGKILL');
  await once(child, 'exit');
}

/**
 * A hung BIRD: a listener stopped with SIGSTOP. Connections queue in its backlog and are never
 * accepted; once the backlog is full, connect() fails with EAGAIN (calico#7712).
 */
export async function stoppedDaemon(path: string, backlog: number) {
  const child = await childListener(path, backlog);
  child.kill('SIGSTOP');
  const held: Socket[] = [];
  return {
    /** Connects until the kernel refuses with EAGAIN; keeps every queued connection open. */
    async fillBacklog(): Promise<void> {
      for (;;) {
        const socket = createConnection(path);
        const outcome = await new Promise((resolve) => {
          socket.once('connect', () => resolve('queued'));
          socket.once('error', () => resolve('full'));
        });
        if (outcome === 'full') return void socket.destroy();
        held.push(socket);
      }
    },
    async kill(): Promise<void> {
      for (const socket of held) socket.destroy();
      child.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    },
  };
}
