// A stand-in for the Kubernetes API server (no API server is packaged for Debian or npm),
// answering as its documentation says: HTTPS with its own CA (made with the openssl CLI at test
// time), bearer tokens, 401/403/404 as `Status` objects, GET of a Node, a list with a
// resourceVersion, and watch as a stream of JSON events with BOOKMARK and ERROR (410 Gone).
// It counts every request, so tests can assert that a passing probe makes none.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubeNode {
  metadata: { name: string; resourceVersion?: string; deletionTimestamp?: string };
  spec: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string; timeAdded?: string }[] };
}

export interface KubeStandin {
  /** `https://127.0.0.1:PORT` */
  server: string;
  port: number;
  /** PEM of the CA that signed the server's certificate. */
  caPem: string;
  caFile: string;
  /** A token allowed to get, list and watch nodes. */
  token: string;
  /** A token the API knows but that may not read nodes (403). */
  forbiddenToken: string;
  /** Every request so far, in order: `GET /api/v1/nodes/n1`. */
  readonly requests: string[];
  /** Adds or replaces a Node; open watches get MODIFIED/ADDED. */
  setNode(node: KubeNode): void;
  /** `hang`: accept and never answer. */
  setMode(mode: 'normal' | 'hang'): void;
  /** Ends every open watch stream abruptly (a dropped connection). */
  dropWatches(): void;
  /** Sends `ERROR` 410 Gone on every open watch and forgets history up to now. */
  expireWatches(): void;
  /** Watch streams open right now. */
  readonly watches: number;
  /** The most watch streams ever open at once. */
  readonly maxWatches: number;
  /** A kubeconfig file whose current context points here with `token`. */
  kubeconfig(dir: string, token?: string): string;
  /** A kubeconfig file that authenticates with a client certificate the stand-in's CA signed. */
  clientCertKubeconfig(dir: string): string;
  close(): Promise<void>;
}

export async function startKubeStandin(): Promise<KubeStandin> {
  const dir = mkdtempSync(join(tmpdir(), 'cp-kube-'));
  const tls = makeCertificates(dir);
  const token = `token-${Math.random().toString(36).slice(2)}`;
  const forbiddenToken = `forbidden-${Math.random().toString(36).slice(2)}`;
  const nodes = new Map<string, KubeNode>();
  const requests: string[] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<{ destroy(): void }>();
  let resourceVersion = 100;
  let oldestVersion = 0;
  let mode: 'normal' | 'hang' = 'normal';
  let maxWatches = 0;

  const status = (res: ServerResponse, code: number, reason: string, message: string) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
  };
  const send = (res: ServerResponse, event: unknown) => res.write(`${JSON.stringify(event)}\n`);

  // Client certificates are asked for, not required: a request may authenticate either way.
  const server = https.createServer(
    { key: tls.serverKey, cert: tls.serverCert, ca: tls.caPem, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (mode === 'hang') return;
      const url = new URL(req.url ?? '/', 'https://standin');
      const socket = req.socket as import('node:tls').TLSSocket;
      const byCertificate = socket.authorized && socket.getPeerCertificate().subject?.CN === 'system:node:node-1';
      const auth = byCertificate ? `Bearer ${token}` : req.headers.authorization;
      if (auth !== `Bearer ${token}` && auth !== `Bearer ${forbiddenToken}`) {
        status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
      const one = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname);
      const verb = one ? 'get' : url.searchParams.get('watch') ? 'watch' : 'list';
      if (auth === `Bearer ${forbiddenToken}`) {
        const what = one ? `nodes "${decodeURIComponent(one[1] as string)}" is forbidden` : 'nodes is forbidden';
        status(
          res,
          403,
          'Forbidden',
          `${what}: User "system:serviceaccount:kube-system:other" cannot ${verb} resource "nodes" in API group "" at the cluster scope`,
        );
        return;
      }
      if (one) {
        const node = nodes.get(decodeURIComponent(one[1] as string));
        if (!node) status(res, 404, 'NotFound', `nodes "${one[1]}" not found`);
        else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ kind: 'Node', apiVersion: 'v1', ...node }));
        }
        return;
      }
      if (url.pathname !== '/api/v1/nodes') {
        status(res, 404, 'NotFound', 'the server could not find the requested resource');
        return;
      }
      const selector = url.searchParams.get('fieldSelector') ?? '';
      const name = /^metadata\.name=(.+)$/.exec(selector)?.[1];
      const selected = () => [...nodes.values()].filter((n) => name === undefined || n.metadata.name === name);
      if (verb === 'list') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: String(resourceVersion) }, items: selected() }),
        );
        return;
      }
      const from = Number(url.searchParams.get('resourceVersion') ?? '0');
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      if (from < oldestVersion) {
        send(res, {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: `too old resource version: ${from} (${oldestVersion})`,
            reason: 'Expired',
            code: 410,
          },
        });
        res.end();
        return;
      }
      (res as ServerResponse & { nodeName?: string }).nodeName = name;
      streams.add(res);
      maxWatches = Math.max(maxWatches, streams.size);
      res.on('close', () => streams.delete(res));
      if (url.searchParams.get('allowWatchBookmarks') === 'true') {
        send(res, { type: 'BOOKMARK', object: { kind: 'Node', apiVersion: 'v1', metadata: { resourceVersion: String(resourceVersion) } } });
      }
    },
  );
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const serverUrl = `https://127.0.0.1:${port}`;

  return {
    server: serverUrl,
    port,
    caPem: tls.caPem,
    caFile: tls.caFile,
    token,
    forbiddenToken,
    requests,
    get watches() {
      return streams.size;
    },
    get maxWatches() {
      return maxWatches;
    },
    setNode(node) {
      const existed = nodes.has(node.metadata.name);
      resourceVersion += 1;
      const stored = { ...node, metadata: { ...node.metadata, resourceVersion: String(resourceVersion) } };
      nodes.set(node.metadata.name, stored);
      for (const res of streams) {
        const watched = (res as ServerResponse & { nodeName?: string }).nodeName;
        if (watched === undefined || watched === node.metadata.name) {
          send(res, { type: existed ? 'MODIFIED' : 'ADDED', object: { kind: 'Node', apiVersion: 'v1', ...stored } });
        }
      }
    },
    setMode(next) {
      mode = next;
    },
    dropWatches() {
      for (const res of streams) {
        res.socket?.destroy();
        streams.delete(res);
      }
    },
    expireWatches() {
      oldestVersion = resourceVersion + 1;
      for (const res of streams) {
        send(res, {
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            message: 'too old resource version',
            reason: 'Expired',
            code: 410,
          },
        });
        res.end();
        streams.delete(res);
      }
    },
    kubeconfig(where, user = token) {
      const path = join(where, 'kubeconfig');
      writeFileSync(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: standin',
          'clusters:',
          '  - name: standin',
          '    cluster:',
          `      server: ${serverUrl}`,
          `      certificate-authority-data: ${Buffer.from(tls.caPem).toString('base64')}`,
          'contexts:',
          '  - name: standin',
          '    context: { cluster: standin, user: probe }',
          'users:',
          '  - name: probe',
          `    user: { token: ${user} }`,
          '',
        ].join('\n'),
      );
      return path;
    },
    clientCertKubeconfig(where) {
      const path = join(where, 'kubeconfig-cert');
      const data = (pem: string) => Buffer.from(pem).toString('base64');
      writeFileSync(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: standin',
          'clusters:',
          '- name: standin',
          '  cluster:',
          `    server: ${serverUrl}`,
          `    certificate-authority-data: ${data(tls.caPem)}`,
          'contexts:',
          '- name: standin',
          '  context:',
          '    cluster: standin',
          '    user: node',
          'users:',
          '- name: node',
          '  user:',
          `    client-certificate-data: ${data(tls.clientCert)}`,
          `    client-key-data: ${data(tls.clientKey)}`,
          '',
        ].join('\n'),
      );
      return path;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate for 127.0.0.1, made by the openssl CLI. */
function makeCertificates(dir: string) {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=standin-ca',
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=kube-apiserver',
  ]);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:kubernetes.default.svc\n');
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  run([
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    'client.key',
    '-out',
    'client.csr',
    '-subj',
    '/O=system:nodes/CN=system:node:node-1',
  ]);
  writeFileSync(join(dir, 'client.cnf'), 'extendedKeyUsage=clientAuth\n');
  run([
    'x509',
    '-req',
    '-in',
    'client.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'client.crt',
    '-days',
    '2',
    '-extfile',
    'client.cnf',
  ]);
  return {
    clientCert: readFileSync(join(dir, 'client.crt'), 'utf8'),
    clientKey: readFileSync(join(dir, 'client.key'), 'utf8'),
    caPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    caFile: join(dir, 'ca.crt'),
    serverKey: readFileSync(join(dir, 'server.key')),
    serverCert: readFileSync(join(dir, 'server.crt')),
  };
}
