// Runs the selected checks concurrently under one deadline and returns every result
// in the stable order of config.checks. A check that throws is a bug → unknown; a
// check still pending at the deadline → fail, named, like calico-node's i/o timeout.
import { processAgeMs } from '../util/clock.ts';
import { formatDuration } from '../util/duration.ts';
import { CHECK_PREFIX } from './wording.ts';
import { ONE_SHOT } from './one-shot-transport.ts';
import type { Check, CheckName, CheckResult, ProbeConfig, Transport } from './types.ts';

export interface RunOptions {
  /** Milliseconds the checks may take from now (main.ts subtracts process age and exit time). */
  budgetMs: number;
  /** Cancels the run early (Ctrl-C, a closing server). */
  signal?: AbortSignal;
  now?: () => number;
  /** Kept-open connections (serve); a connection per query otherwise. */
  transport?: Transport;
}

/**
 * Checks see a signal that fires a little before the hard deadline, so they can say
 * themselves what they were waiting for (which socket, which URL); the hard deadline
 * only catches a check that ignored its signal.
 */
export function checkBudget(budgetMs: number): number {
  return Math.max(0, budgetMs - Math.min(100, budgetMs * 0.1));
}

export async function runChecks(config: ProbeConfig, registry: Record<CheckName, Check>, options: RunOptions): Promise<CheckResult[]> {
  const controller = new AbortController();
  const cancel = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', cancel, { once: true });
  const soft = setTimeout(() => controller.abort(new Error('deadline')), checkBudget(options.budgetMs));
  let hardTimer: NodeJS.Timeout | undefined;
  const hardDeadline = new Promise<'deadline'>((resolve) => {
    hardTimer = setTimeout(() => resolve('deadline'), Math.max(0, options.budgetMs));
  });
  const now = options.now ?? Date.now;
  const context = { config, signal: controller.signal, now, transport: oncePerRun(options.transport ?? ONE_SHOT) };

  try {
    return await Promise.all(
      config.checks.map(async (name): Promise<CheckResult> => {
        const started = processAgeMs();
        const outcome = await Promise.race([runOne(registry[name], context), hardDeadline]);
        const durationMs = Math.round(processAgeMs() - started);
        if (outcome === 'deadline') return pendingAtDeadline(name, config.timeoutMs, durationMs);
        return { name, durationMs, ...outcome };
      }),
    );
  } finally {
    clearTimeout(soft);
    clearTimeout(hardTimer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

async function runOne(check: Check, context: Parameters<Check>[0]) {
  try {
    return await check(context);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      status: 'unknown' as const,
      message: `internal error: ${text} (a bug in calico-probe: please report it)`,
      details: {},
      warnings: [],
      layers: [],
    };
  }
}

function pendingAtDeadline(name: CheckName, timeoutMs: number, durationMs: number): CheckResult {
  return {
    name,
    status: 'fail',
    message: `${CHECK_PREFIX[name]}check did not finish within the ${formatDuration(timeoutMs)} deadline`,
    durationMs,
    details: { pending: true },
    warnings: [],
    layers: [{ step: 'deadline', ok: false, detail: `still pending after ${formatDuration(durationMs)}` }],
  };
}

/**
 * The same BIRD question asked twice in one run gets one answer: on a node where one daemon
 * serves both families, bird-ready and bird6-ready ask it once, on one connection.
 */
function oncePerRun(transport: Transport): Transport {
  const asked = new Map<string, ReturnType<Transport['bird']>>();
  return {
    felix: transport.felix,
    bird(path, commands, signal) {
      const key = `${path}\n${commands.join('\n')}`;
      let answer = asked.get(key);
      if (answer === undefined) {
        answer = transport.bird(path, commands, signal);
        asked.set(key, answer);
      }
      return answer;
    },
  };
}
