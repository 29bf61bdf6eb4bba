// The HTTP listener, hardened for a long-running process on a node: slow clients time out,
// connections are capped, and shutdown stops accepting but lets answers in flight go out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAddress, type ListenAddress } from './config.ts';

/** A client that has not sent its headers by then is dropped (the kubelet sends them at once). */
const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 3000;
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/** How often Node looks for clients past those timeouts (its default is 30 s). */
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
  return server;
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
