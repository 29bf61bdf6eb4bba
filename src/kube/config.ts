// How to reach the Kubernetes API, found as client-go finds it: the pod's service account
// (KUBERNETES_SERVICE_HOST/_PORT, token and CA under the service-account directory), or a
// kubeconfig's current context (server, CA, bearer token or client certificate). Loaded only
// after a check failed (README, "Expected unready"): a passing probe never gets here.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { KubeSource } from '../checks/types.ts';
import { parseKubeconfigYaml } from './yaml.ts';

export interface KubeConnection {
  /** `https://10.96.0.1:443`, without a trailing slash. */
  server: string;
  ca?: Buffer;
  token?: string;
  cert?: Buffer;
  key?: Buffer;
  insecure: boolean;
  /** Where it came from, for -v: `service account`, `kubeconfig ~/.kube/config (context ci)`. */
  origin: string;
}

export class KubeConfigError extends Error {}

export async function loadConnection(source: KubeSource): Promise<KubeConnection> {
  return source.kind === 'in-cluster' ? inCluster(source) : fromKubeconfig(source.path);
}

async function inCluster(source: Extract<KubeSource, { kind: 'in-cluster' }>): Promise<KubeConnection> {
  const host = source.host.includes(':') ? `[${source.host}]` : source.host;
  const [token, ca] = await Promise.all([
    readOr(join(source.serviceAccountDir, 'token'), 'service account token').then((b) => b.toString('utf8').trim()),
    readOr(join(source.serviceAccountDir, 'ca.crt'), 'service account CA'),
  ]);
  return { server: `https://${host}:${source.port}`, token, ca, insecure: false, origin: 'the pod service account' };
}

type Named<T> = { name?: string } & T;
interface Kubeconfig {
  'current-context'?: string;
  contexts?: Named<{ context?: { cluster?: string; user?: string } }>[];
  clusters?: Named<{
    cluster?: {
      server?: string;
      'certificate-authority'?: string;
      'certificate-authority-data'?: string;
      'insecure-skip-tls-verify'?: boolean;
    };
  }>[];
  users?: Named<{
    user?: {
      token?: string;
      tokenFile?: string;
      'client-certificate'?: string;
      'client-certificate-data'?: string;
      'client-key'?: string;
      'client-key-data'?: string;
      exec?: unknown;
      'auth-provider'?: unknown;
    };
  }>[];
}

async function fromKubeconfig(path: string): Promise<KubeConnection> {
  const text = (await readOr(path, 'kubeconfig')).toString('utf8');
  const doc = await parseYaml(text, path);
  const contextName = doc['current-context'];
  if (!contextName) throw new KubeConfigError(`kubeconfig ${path} has no current-context`);
  const context = doc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new KubeConfigError(`kubeconfig ${path}: context "${contextName}" not found`);
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster?.server) throw new KubeConfigError(`kubeconfig ${path}: cluster "${context.cluster}" has no server`);
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  if (user.exec !== undefined || user['auth-provider'] !== undefined) {
    throw new KubeConfigError(
      `kubeconfig ${path}: user "${context.user}" needs an exec or auth-provider plugin, which calico-probe does not run`,
    );
  }
  const base = dirname(path);
  const file = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const data = (b64: string | undefined) => (b64 === undefined ? undefined : Buffer.from(b64, 'base64'));
  const ca =
    data(cluster['certificate-authority-data']) ??
    (cluster['certificate-authority'] ? await readOr(file(cluster['certificate-authority']), 'CA') : undefined);
  const cert =
    data(user['client-certificate-data']) ??
    (user['client-certificate'] ? await readOr(file(user['client-certificate']), 'client certificate') : undefined);
  const key = data(user['client-key-data']) ?? (user['client-key'] ? await readOr(file(user['client-key']), 'client key') : undefined);
  const token = user.token ?? (user.tokenFile ? (await readOr(file(user.tokenFile), 'token file')).toString('utf8').trim() : undefined);
  if (!cluster.server.startsWith('https://') && !cluster.server.startsWith('http://')) {
    throw new KubeConfigError(`kubeconfig ${path}: server "${cluster.server}" is not an http(s) URL`);
  }
  return {
    server: cluster.server.replace(/\/+$/, ''),
    ...(ca && { ca }),
    ...(cert && { cert }),
    ...(key && { key }),
    ...(token && { token }),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    origin: `kubeconfig ${path} (context ${contextName})`,
  };
}

/** kubeconfig is YAML (JSON is YAML too), in the subset kube/yaml.ts reads. */
async function parseYaml(text: string, path: string): Promise<Kubeconfig> {
  let doc: unknown;
  try {
    doc = parseKubeconfigYaml(text);
  } catch (error) {
    throw new KubeConfigError(`kubeconfig ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (doc === null || typeof doc !== 'object') throw new KubeConfigError(`kubeconfig ${path} is not a kubeconfig`);
  return doc as Kubeconfig;
}

async function readOr(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KubeConfigError(
      `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
    );
  }
}
