// Asks one BIRD daemon for its peers: `show protocols`, `show protocols all` and
// `show status` on one connection, so the three replies describe one moment.
import {
  BirdError,
  birdGeneration,
  parseProtocols,
  parseProtocolsAll,
  parseStatus,
  queryBird,
  type BirdGeneration,
  type Reply,
} from '../../bird/index.ts';
import { birdErrorStatus } from '../../checks/bird-errors.ts';
import type { CheckStatus } from '../../checks/types.ts';
import { buildPeerTable, type PeerTable } from './model.ts';
import type { DaemonName, PeersTarget } from './config.ts';

export interface DaemonReport {
  daemon: DaemonName;
  socket: string;
  /** pass: answered and understood; fail: not reachable; unknown: unreadable reply; skipped: optional and absent. */
  status: CheckStatus | 'skipped';
  /** Why it failed or was skipped; '' when it answered. */
  message: string;
  version: string | null;
  /** 1, 2 or 3 once the daemon answered. */
  generation: BirdGeneration | null;
  /** Families the daemon serves: both for BIRD 2 and 3. */
  families: ('ipv4' | 'ipv6')[];
  routerId: string | null;
  table: PeerTable | null;
}

const COMMANDS = ['show protocols', 'show protocols all', 'show status'];

export async function queryDaemon(target: PeersTarget, signal: AbortSignal): Promise<DaemonReport> {
  const base = { daemon: target.daemon, socket: target.socket, version: null, generation: null, families: [], routerId: null, table: null };
  let replies: Reply[];
  try {
    replies = (await queryBird(target.socket, COMMANDS, { signal })).replies;
  } catch (error) {
    if (!(error instanceof BirdError)) throw error;
    if (target.shared !== undefined && error.kind === 'not-found') {
      // No bird6 socket: a BIRD 2 or 3 daemon at --bird-socket serves IPv6 too.
      const shared = await queryDaemon({ daemon: 'bird', socket: target.shared, optional: false }, signal);
      if ((shared.generation ?? 0) >= 2) return shared;
    }
    if (target.optional && error.kind === 'not-found') {
      return { ...base, status: 'skipped', message: `no socket at ${target.socket} (--family auto without IP/IP6: bird6 is optional)` };
    }
    return { ...base, status: birdErrorStatus(error), message: error.message };
  }
  try {
    const [rows, all, status] = replies as [Reply, Reply, Reply];
    const parsed = parseStatus(status);
    const table = buildPeerTable(parseProtocols(rows), parseProtocolsAll(all), parsed);
    const generation = parsed.generation ?? birdGeneration(parsed.version ?? '');
    const families: ('ipv4' | 'ipv6')[] =
      generation !== null && generation >= 2 ? ['ipv4', 'ipv6'] : [target.daemon === 'bird' ? 'ipv4' : 'ipv6'];
    return { ...base, status: 'pass', message: '', version: parsed.version, generation, families, routerId: parsed.routerId, table };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { ...base, status: 'unknown', message: `cannot read the reply of ${target.socket}: ${text}` };
  }
}
