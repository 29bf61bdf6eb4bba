// Runs the selected checks concurrently under one deadline and returns every result
// in the stable order of config.checks. A check that throws is a bug → unknown; a
// check still pending at the deadline → fail, named, like calico-node's i/o timeout.
import { processAgeMs } from '../util/clock.ts';
import { formatDuration } from '../util/duration.ts';
import { CHECK_PREFIX } from './wording.ts';
import { ONE_SHOT } from './one-shot-transport.ts';
import type {
  CheckContext,
  CheckName,
  CheckOutcome,
  CheckRegistry,
  CheckResult,
  CheckResultOf,
  CheckRunConfig,
  DetailsByCheck,
  InternalErrorDetails,
  Transport,
} from './types.ts';

export interface RunOptions {
  /** Milliseconds the checks may take from now (the probe command subtracts process age and exit time). */
  budgetMs: number;
  /** Cancels the run early (Ctrl-C, a closing server). */
  signal?: AbortSignal;
  now?: () => number;
  /** Kept-open connections (serve) or a probe's (one-shot-transport.ts); else ONE_SHOT, a connection per query. */
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

/**
 * The reason the run's signal carries at the deadline: a TimeoutError, as AbortSignal.timeout()
 * gives, so every client tells a read cut by the deadline from any other failure.
 */
export function deadlineReason(): DOMException {
  return new DOMException('deadline reached', 'TimeoutError');
}

export async function runChecks(config: CheckRunConfig, registry: CheckRegistry, options: RunOptions): Promise<CheckResult[]> {
  const controller = new AbortController();
  const cancel = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', cancel, { once: true });
  const soft = setTimeout(() => controller.abort(deadlineReason()), checkBudget(options.budgetMs));
  let hardTimer: NodeJS.Timeout | undefined;
  const hardDeadline = new Promise<'deadline'>((resolve) => {
    hardTimer = setTimeout(() => resolve('deadline'), Math.max(0, options.budgetMs));
  });
  const now = options.now ?? Date.now;
  const context = { config, signal: controller.signal, now, transport: oncePerRun(options.transport ?? ONE_SHOT) };

  try {
    return await Promise.all(config.checks.map((name) => runNamed(name, registry, context, hardDeadline)));
  } finally {
    clearTimeout(soft);
    clearTimeout(hardTimer);
    options.signal?.removeEventListener('abort', cancel);
  }
}

/** One check, timed, as the result its name calls for (generic in the name, so details match it). */
async function runNamed<N extends CheckName>(
  name: N,
  registry: CheckRegistry,
  context: CheckContext,
  hardDeadline: Promise<'deadline'>,
): Promise<{ [M in N]: CheckResultOf<M> }[N]> {
  const started = processAgeMs();
  const outcome = await Promise.race([runOne<N>(registry[name], context), hardDeadline]);
  const durationMs = Math.round(processAgeMs() - started);
  if (outcome === 'deadline') return pendingAtDeadline(name, context.config.timeoutMs, durationMs);
  return { name, durationMs, ...outcome };
}

async function runOne<N extends CheckName>(
  check: CheckRegistry[N],
  context: CheckContext,
): Promise<CheckOutcome<DetailsByCheck[N] | InternalErrorDetails>> {
  try {
    return await check(context);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return {
      status: 'unknown',
      message: `internal error: ${text} (a bug in calico-probe: please report it)`,
      details: {},
      warnings: [],
      layers: [],
    };
  }
}

function pendingAtDeadline<N extends CheckName>(name: N, timeoutMs: number, durationMs: number): CheckResultOf<N> {
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
