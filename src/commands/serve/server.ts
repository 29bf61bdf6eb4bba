// The HTTP listener, hardened for a long-running process on a node: slow clients time out,
// connections are capped, and shutdown stops accepting but lets answers in flight go out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAddress, type ListenAddress } from './config.ts';

/** A client that has not sent its headers by then is dropped (the kubelet sends them at once). */
const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 3000;
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/** How often Node looks for clients past those timeouts (its default is 30 s): while any are connected. */
const CHECK_INTERVAL_MS = 500;
/** The kubelet opens one connection per probe, Prometheus one; 128 leaves room for people and load tests. */
const MAX_CONNECTIONS = 128;

export function createServer(handler: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: CHECK_INTERVAL_MS,
      maxHeaderSize: 8192,
    },
    handler,
  );
  server.maxConnections = MAX_CONNECTIONS;
  // Registered after node:http's own 'listening' listener, which starts the checker.
  server.on('listening', () => checkOnlyWhileConnected(server));
  return server;
}

/**
 * Node looks for clients past the timeouts every CHECK_INTERVAL_MS for as long as the server
 * listens, connections or not: 120 wake-ups a minute, most of serve's CPU while no request
 * comes (BENCHMARKS.md). Its checker runs here only while a connection is open. Node keeps the
 * checker under an internal symbol; where a Node release does not, its own interval stays.
 */
function checkOnlyWhileConnected(server: http.Server): void {
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connectionsCheckingInterval');
  const nodes = key === undefined ? undefined : (server as unknown as Record<symbol, unknown>)[key];
  const check = (nodes as { _onTimeout?: unknown } | undefined)?._onTimeout;
  if (typeof check !== 'function') return;
  clearInterval(nodes as NodeJS.Timeout);
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  server.on('connection', (socket) => {
    if (open++ === 0) timer = setInterval(() => check(), CHECK_INTERVAL_MS).unref();
    socket.once('close', () => {
      if (--open === 0) clearInterval(timer);
    });
  });
  server.once('close', () => clearInterval(timer));
}

/** Resolves with the address actually bound (port 0 picks one), as logs show it. */
export function listen(server: http.Server, address: ListenAddress): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port }, () => {
      server.off('error', reject);
      const bound = server.address() as AddressInfo;
      resolve(formatAddress(address.host === undefined ? undefined : bound.address, bound.port));
    });
  });
}

/**
 * Stops accepting and closes idle keep-alive connections; requests in flight are answered
 * first. Anything still open after `graceMs` is closed.
 */
export function shutdown(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
