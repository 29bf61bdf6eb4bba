// A UNIX-socket proxy in front of a real BIRD control socket that counts what BIRD is asked:
// connections accepted and command lines forwarded. Bytes pass through unchanged both ways.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export interface BirdProxy {
  /** Point calico-probe's --bird-socket here. */
  path: string;
  /** Connections accepted (each one is one connection to BIRD). */
  readonly connections: number;
  /** Every command line forwarded to BIRD, in order. */
  readonly commands: readonly string[];
  /** The command lines of each connection, one list per connection in accept order. */
  readonly sessions: readonly (readonly string[])[];
  /** The first chunk each connection's client sent, as received. */
  readonly firstChunks: readonly string[];
  close(): Promise<void>;
}

export async function startBirdProxy(target: string): Promise<BirdProxy> {
  // Under /tmp, not TMPDIR: socket paths must stay below 108 bytes.
  const dir = mkdtempSync('/tmp/cpx-');
  const path = join(dir, 'bird.ctl');
  const commands: string[] = [];
  const sessions: string[][] = [];
  const firstChunks: string[] = [];
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((client) => {
    connections += 1;
    const upstream = net.createConnection({ path: target });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {}); // either side may go away at any time; the other is then closed
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    let partial = '';
    const session: string[] = [];
    sessions.push(session);
    client.on('data', (chunk: Buffer) => {
      if (session.length === 0 && partial === '') firstChunks.push(chunk.toString('utf8'));
      partial += chunk.toString('utf8');
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      commands.push(...lines);
      session.push(...lines);
      upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    get connections() {
      return connections;
    },
    commands,
    sessions,
    firstChunks,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
