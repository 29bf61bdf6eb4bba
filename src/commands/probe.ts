// `live`, `ready` and `check`: run the selected checks once under the deadline, render the
// results, and optionally export them to a --textfile. What the kubelet runs every 10 s.
import { CHECKS } from '../checks/index.ts';
import { runChecks } from '../checks/run.ts';
import type { CheckResult, ProbeConfig, RunContext, Transport } from '../checks/types.ts';
import { applyContext, contextFor } from '../context/index.ts';
import { renderPrometheus } from '../report/prometheus.ts';
import { renderResults } from '../report/render.ts';
import { noCalicoHint } from '../report/hints.ts';
import { processAgeMs } from '../util/clock.ts';
import type { CommandIo } from './io.ts';

/** Time kept back from --timeout for rendering, writing and process exit. */
const EXIT_RESERVE_MS = 60;
/** Kept back as well with --textfile: an fsync on a busy disk can take tens of milliseconds. */
const TEXTFILE_RESERVE_MS = 40;

export async function run(
  config: ProbeConfig,
  io: Pick<CommandIo, 'writeOut' | 'writeErr'> & Partial<Pick<CommandIo, 'columns'>>,
  { transport }: { transport?: Transport } = {},
): Promise<number> {
  const path = config.textfile;
  // Loaded only with --textfile: its node:fs/promises would cost every other probe about 1 ms.
  const textfile = path === undefined ? undefined : await import('../report/textfile.ts');
  if (textfile !== undefined && path !== undefined) await textfile.checkTextfileTarget(path);
  const reserveMs = EXIT_RESERVE_MS + (path === undefined ? 0 : TEXTFILE_RESERVE_MS);
  const budgetMs = config.timeoutMs - processAgeMs() - reserveMs;
  const checked = await runChecks(config, CHECKS, { budgetMs, transport });
  // Context only for a failing run, in what is left of the same deadline (README, "Expected unready").
  const context = await contextFor(config, checked, { budgetMs: config.timeoutMs - processAgeMs() - reserveMs });
  const results = applyContext(checked, context);
  // Only the exposition names the node: the text and JSON paths never read the nodename file's content.
  const nodeName =
    path !== undefined || config.output === 'prometheus'
      ? await (await import('../report/node-name.ts')).resolveNodeName(config)
      : undefined;
  const textfileError =
    textfile === undefined || path === undefined
      ? undefined
      : await exportTextfile(textfile.writeTextfile, path, results, { context, nodeName }, io);
  const { stdout, exitCode } = await renderResults(results, config, processAgeMs(), { textfileError, context, nodeName });
  io.writeOut(stdout);
  // A person at a terminal (stdout has a width) on a machine where nothing of Calico answered.
  if (io.columns !== undefined && config.output === 'text' && !config.quiet) {
    const hint = noCalicoHint(results);
    if (hint !== undefined) io.writeErr(hint);
  }
  return exitCode;
}

/** Writes the exposition whatever --output is; returns why it could not, after saying so on stderr. */
async function exportTextfile(
  write: (path: string, text: string) => Promise<void>,
  path: string,
  results: readonly CheckResult[],
  { context, nodeName }: { context: RunContext; nodeName: string | undefined },
  io: Pick<CommandIo, 'writeErr'>,
): Promise<string | undefined> {
  try {
    await write(path, renderPrometheus(results, { timestampSeconds: Date.now() / 1000, context, nodeName }));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.writeErr(`calico-probe: ${message}\n`);
    return message;
  }
}
