// Resolves the Felix host name so that the run's signal stops the lookup. Node's default lookup
// is getaddrinfo on the thread pool: it cannot be cancelled, and while one is pending the process
// cannot even exit, so a hung DNS server held the probe seconds past its deadline. Here names come
// from /etc/hosts first ("files dns", as nsswitch does in Calico's images), `localhost` is
// loopback even without that file (RFC 6761), and the rest goes to DNS through c-ares, which is
// cancelled at the deadline. Address literals never get here: http.ts connects to them directly.
import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import { ipFamily } from '../util/ip.ts';
import { fields } from '../util/text.ts';

export interface Address {
  address: string;
  family: 4 | 6;
}

const HOSTS_FILE = '/etc/hosts';
// The callback form: node:fs/promises would add about 1 ms to every probe for this one read.
const readText = promisify(readFile) as (path: string, options: { encoding: 'utf8'; signal: AbortSignal }) => Promise<string>;
const LOOPBACK: Address[] = [
  { address: '::1', family: 6 },
  { address: '127.0.0.1', family: 4 },
];

/** Every address for `hostname`: /etc/hosts, else loopback for localhost, else DNS (A and AAAA). */
export async function resolveHost(hostname: string, signal: AbortSignal, hostsFile = HOSTS_FILE): Promise<Address[]> {
  const lower = hostname.toLowerCase();
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  const fromFile = parseHosts(await readText(hostsFile, { encoding: 'utf8', signal }).catch(() => ''), name);
  if (fromFile.length > 0) return fromFile;
  if (name === 'localhost' || name.endsWith('.localhost')) return LOOPBACK;
  // RFC 6761 §6.4: `.invalid` never exists, and resolvers answer it without asking DNS.
  if (name === 'invalid' || name.endsWith('.invalid')) throw notFound(hostname, 'ENOTFOUND');
  return queryDns(name, signal);
}

/** The addresses /etc/hosts gives `name`, in file order. */
export function parseHosts(text: string, name: string): Address[] {
  const found: Address[] = [];
  for (const line of text.split('\n')) {
    const [address, ...names] = fields(line.split('#')[0] ?? '');
    const family = ipFamily(address ?? '');
    if ((family === 4 || family === 6) && names.some((n) => n.toLowerCase() === name)) found.push({ address: address as string, family });
  }
  return found;
}

async function queryDns(name: string, signal: AbortSignal): Promise<Address[]> {
  signal.throwIfAborted();
  // Loaded only here: the usual hosts (localhost, an address) never need it. getBuiltinModule,
  // not import(): the bundle keeps import() of a built-in as is, and neither the launcher's
  // vm.Script nor the single executable has a loader for it.
  const { Resolver } = process.getBuiltinModule('node:dns/promises');
  const resolver = new Resolver({ tries: 1 });
  const cancel = (): void => resolver.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    const [v6, v4] = await Promise.allSettled([resolver.resolve6(name), resolver.resolve4(name)]);
    const found = [
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
    ];
    if (found.length > 0) return found;
    const codes = [v4, v6].map((r) => (r.status === 'rejected' ? (r.reason as NodeJS.ErrnoException).code : undefined));
    // NXDOMAIN or no records: not found. Anything else (timeout, refused, SERVFAIL): try again later.
    throw notFound(name, codes.every((c) => c === 'ENOTFOUND' || c === 'ENODATA') ? 'ENOTFOUND' : 'EAI_AGAIN');
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function notFound(name: string, code: 'ENOTFOUND' | 'EAI_AGAIN'): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ${code} ${name}`), { code, hostname: name, syscall: 'getaddrinfo' });
}
