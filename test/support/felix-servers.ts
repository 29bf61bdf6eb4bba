// Throw-away local servers for http.test.ts: node:http for well-formed answers, raw net for
// silence, resets and non-HTTP bytes. Each tracks its sockets so a test can see that the client
// hung up, and closes everything it opened.
import http from 'node:http';
import net from 'node:net';

export interface Local {
  port: number;
  url(path?: string): string;
  /** Server-side sockets, in accept order. */
  sockets: net.Socket[];
  /** Resolves when every accepted socket has closed (the client let go). */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

function track(server: net.Server, host: string): Promise<Local> {
  const sockets: net.Socket[] = [];
  const closed: Array<Promise<unknown>> = [];
  server.on('connection', (socket: net.Socket) => {
    sockets.push(socket);
    closed.push(new Promise((resolve) => socket.once('close', resolve))); // not events.once: it rejects on 'error'
    socket.on('error', () => {}); // a client reset is expected in several tests
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
      resolve({
        port,
        url: (path = '/readiness') => `http://${authority}${path}`,
        sockets,
        allClosed: async () => {
          await Promise.all(closed);
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export function httpServer(handler: http.RequestListener, host = '127.0.0.1'): Promise<Local> {
  return track(http.createServer(handler), host);
}

export function rawServer(onConnection: (socket: net.Socket) => void, host = '127.0.0.1'): Promise<Local> {
  // Consume what the client sends, so its FIN is seen and the socket closes when it hangs up.
  return track(
    net.createServer((socket) => {
      socket.resume();
      onConnection(socket);
    }),
    host,
  );
}

/** A port nothing listens on: bound, then released. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function ipv6Available(): Promise<boolean> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '::1', resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** Why IPv6 loopback tests cannot run here (::1 cannot be bound), or undefined; for need()/needs(). */
export async function ipv6Missing(): Promise<string | undefined> {
  return (await ipv6Available()) ? undefined : 'no IPv6 loopback (::1) here';
}
