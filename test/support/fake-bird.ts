// A stand-in BIRD daemon on a UNIX socket in a temp directory, for socket tests. Each accepted
// connection is handed to a script that decides what to send and when.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { splitFixture } from '../bird/fixtures.ts';

/**
 * How a stand-in treats the `restrict` every client sends first: `answer` it like BIRD ≥ 1.6
 * (`0016 Access restricted`, kept out of `commands` so that scripts see only the queries),
 * or `pass` it to the script like any other command (an older BIRD, a test of restrict itself).
 */
export type RestrictMode = 'answer' | 'pass';

export class Conn {
  readonly socket: Socket;
  /** Command lines received, in order; an answered `restrict` is not among them. */
  readonly commands: string[] = [];
  /** Every line received, `restrict` included. */
  readonly lines: string[] = [];
  /** The client opened with `restrict` and this stand-in answered it. */
  restrictAnswered = false;
  #restrictPending = false;
  #sentAny = false;
  /** Commands that arrived before the banner was sent (a client must wait for it). */
  commandsBeforeBanner = 0;
  bannerSent = false;
  /** The client shut down its side (half-close or close). */
  ended = false;
  readonly closed: Promise<void>;
  #buffer = '';
  #waiters: ((command: string) => void)[] = [];

  constructor(socket: Socket, restrict: RestrictMode = 'answer') {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {}); // the client may destroy the connection at any time
    socket.on('end', () => (this.ended = true));
    socket.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString();
      for (let nl = this.#buffer.indexOf('\n'); nl !== -1; nl = this.#buffer.indexOf('\n')) {
        const command = this.#buffer.slice(0, nl);
        this.#buffer = this.#buffer.slice(nl + 1);
        this.lines.push(command);
        if (restrict === 'answer' && command === 'restrict' && this.lines.length === 1) {
          this.restrictAnswered = true;
          if (this.#sentAny) this.socket.write('0016 Access restricted\n');
          else this.#restrictPending = true;
          continue;
        }
        if (!this.bannerSent) this.commandsBeforeBanner++;
        this.commands.push(command);
        this.#waiters.shift()?.(command);
      }
    });
  }

  /** The n-th command (0-based), once it has arrived. */
  command(n: number): Promise<string> {
    const have = this.commands[n];
    if (have !== undefined) return Promise.resolve(have);
    return new Promise((resolve) => this.#waiters.push(() => void this.command(n).then(resolve)));
  }

  send(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => {
      this.socket.write(bytes, () => resolve());
      this.#sentAny = true;
      if (this.#restrictPending && /\n/.test(bytes.toString())) {
        this.#restrictPending = false;
        this.socket.write('0016 Access restricted\n');
      }
    });
  }

  /** Sends bytes in chunks of 1–`max` bytes with a short pause between them. */
  async dribble(bytes: Buffer, max = 9, pauseMs = 1): Promise<void> {
    for (let at = 0, size = 1; at < bytes.length; at += size, size = 1 + ((size * 7 + 3) % max)) {
      await this.send(bytes.subarray(at, at + size));
      await sleep(pauseMs);
    }
  }
}

export interface FakeBird {
  path: string;
  dir: string;
  connections: Conn[];
  close(): Promise<void>;
}

/** A fresh temp directory; removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cpbird-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startFakeBird(
  script: (conn: Conn) => Promise<void> | void,
  path?: string,
  restrict: RestrictMode = 'answer',
): Promise<FakeBird> {
  const temp = path === undefined ? tempDir() : undefined;
  const socketPath = path ?? join(temp?.dir ?? '', 'bird.ctl');
  const connections: Conn[] = [];
  const server: Server = createServer((socket) => {
    const conn = new Conn(socket, restrict);
    connections.push(conn);
    void Promise.resolve(script(conn)).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    path: socketPath,
    dir: temp?.dir ?? '',
    connections,
    close: async () => {
      for (const c of connections) c.socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      temp?.cleanup();
    },
  };
}

/**
 * Plays a fixture like BIRD: the banner on connect, then the i-th recorded reply for the i-th
 * command. Like BIRD, it drops a client that half-closed before its replies were written.
 */
export function replay(
  fixture: string,
  send = (conn: Conn, bytes: Buffer): Promise<void> => conn.send(bytes),
): (conn: Conn) => Promise<void> {
  const { banner, replies } = splitFixture(fixture);
  return async (conn) => {
    conn.bannerSent = true;
    await send(conn, banner);
    for (const [i, reply] of replies.entries()) {
      await conn.command(i);
      if (conn.ended) return void conn.socket.destroy();
      await send(conn, reply);
    }
  };
}
