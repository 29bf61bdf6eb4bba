// `calico-probe peers`: every selected BIRD daemon asked at once, under one --timeout.
// run() writes the tables (or JSON) and resolves with the exit code.
import { exitCodeFor } from '../../report/exit-codes.ts';
import { loadPaint } from '../../report/paint.ts';
import type { PeersConfig } from './config.ts';
import type { CommandIo } from '../io.ts';
import { queryDaemon } from './query.ts';
import { peersStatuses, renderPeersJson } from './render-json.ts';
import { renderPeersText } from './render-text.ts';

export interface PeersOutput {
  stdout: string;
  exitCode: number;
}

/** `width`: the terminal's columns when stdout is one; undefined prints every column in full. */
async function runPeers(config: PeersConfig, width: number | undefined): Promise<PeersOutput> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  const reports = await Promise.all(config.targets.map((target) => queryDaemon(target, signal)));
  const exitCode = exitCodeFor(peersStatuses(reports));
  if (config.output === 'json') return { stdout: renderPeersJson(reports), exitCode };
  const paint = await loadPaint(config.color);
  return { stdout: renderPeersText(reports, { paint, width, quiet: config.quiet, verbose: config.verbose }), exitCode };
}

export async function run(config: PeersConfig, io: Pick<CommandIo, 'writeOut' | 'columns'>): Promise<number> {
  const { stdout, exitCode } = await runPeers(config, io.columns);
  io.writeOut(stdout);
  return exitCode;
}
