// Pure: the `peers -o json` document, the same data as the text tables.
//   {"schemaVersion":1,"status":"pass","exitCode":0,"daemons":[{"name":"bird","socket":"…",
//    "status":"pass","established":5,"calicoPeers":5,"grRecovery":false,"grRecoveryLines":[],"peers":[…]}]}
// grRecovery is a boolean, as in bird-ready's details (null: the daemon did not answer);
// grRecoveryLines holds what BIRD said about it (show status).
import { exitCodeFor, overallStatus } from '../../report/exit-codes.ts';
import type { CheckStatus } from '../../checks/types.ts';
import type { DaemonReport } from './query.ts';

const PEERS_SCHEMA_VERSION = 1;

/** Skipped daemons do not count: only the ones asked for, or found, decide. */
export function peersStatuses(reports: readonly DaemonReport[]): CheckStatus[] {
  return reports.flatMap((r) => (r.status === 'skipped' ? [] : [r.status]));
}

export function peersReport(reports: readonly DaemonReport[]) {
  const statuses = peersStatuses(reports);
  return {
    schemaVersion: PEERS_SCHEMA_VERSION,
    status: overallStatus(statuses),
    exitCode: exitCodeFor(statuses),
    daemons: reports.map((r) => ({
      name: r.daemon,
      socket: r.socket,
      status: r.status,
      message: r.message,
      version: r.version,
      generation: r.generation,
      families: r.families,
      routerId: r.routerId,
      established: r.table?.established ?? null,
      calicoPeers: r.table?.calicoPeers ?? null,
      grRecovery: r.table === null ? null : r.table.grRecovery !== null,
      grRecoveryLines: r.table?.grRecovery ?? [],
      peers: r.table?.peers ?? [],
    })),
  };
}

export function renderPeersJson(reports: readonly DaemonReport[]): string {
  return `${JSON.stringify(peersReport(reports))}\n`;
}
