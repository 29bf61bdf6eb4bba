// bird-ready, bird6-ready: the nodename file exists and BIRD's Calico peers satisfy
// decideReadiness() (strict window from the nodename file's age, graceful restart from
// `show status`). One connection asks both `show protocols` and `show status`.
import { BirdError, parseProtocols, parseStatus, toCalicoPeer, type BirdSession, type CalicoPeer, type Reply } from '../bird/index.ts';
import { formatDuration } from '../util/duration.ts';
import { statPath } from '../util/fs-async.ts';
import { CHECK_PREFIX } from './wording.ts';
import type { BirdReadyDetails, Check, CheckContext, CheckOutcome, Layer } from './types.ts';
import { birdErrorDetail, birdErrorStatus } from './bird-errors.ts';
import { confdSync, type SyncOutcome } from './confd-sync.ts';
import { decideReadiness } from './readiness.ts';
import { explainCount, explainRule } from './readiness-explain.ts';
import { layer, outcome, withUnreached } from './result.ts';

type ReadyName = 'bird-ready' | 'bird6-ready';

/** The path every BGP readiness check walks, for `-v`. */
const STEPS = ['nodename', 'socket', 'answer', 'parse', 'rule', 'confd'] as const;

function birdReady(name: ReadyName): Check<BirdReadyDetails> {
  const daemonLabel = name === 'bird-ready' ? 'BIRDv4' : 'BIRDv6';
  const prefix = CHECK_PREFIX[name];
  return async (ctx) => {
    const socket = name === 'bird-ready' ? ctx.config.birdSocket : ctx.config.bird6Socket;
    const [window, session] = await Promise.all([
      startupWindow(ctx),
      ctx.transport.bird(socket, ['show protocols', 'show status'], ctx.signal).catch((error: unknown) => {
        if (error instanceof BirdError) return error;
        throw error;
      }),
    ]);
    const details: BirdReadyDetails = { socket, nodenameFile: ctx.config.nodenameFile };
    const layers: Layer[] = [window.layer, ...sessionLayers(socket, session)];
    if ('error' in window) {
      // calico-node stats the file before it asks BIRD: the file decides, whatever BIRD said.
      return outcome('fail', `${prefix}failed to stat() nodename file: ${window.error}`, details, {
        layers: withUnreached(STEPS, layers, 'no nodename file'),
      });
    }
    details.windowOpen = window.open;
    details.nodenameAgeSeconds = window.ageSeconds;
    if (session instanceof BirdError) {
      return outcome(birdErrorStatus(session), prefix + birdErrorDetail(session, daemonLabel), details, {
        layers: withUnreached(STEPS, layers, 'no complete answer from BIRD'),
      });
    }
    const sync = await confdSync(
      ctx.config.confdConfigDir,
      name === 'bird-ready' ? 'bird.cfg' : 'bird6.cfg',
      lastReconfiguration(session.replies),
    );
    return judge(prefix, session.replies, window.open, details, layers, sync);
  };
}

/** socket: did connect() succeed; answer: did both replies arrive complete. */
function sessionLayers(socket: string, session: BirdSession | BirdError): Layer[] {
  if (!(session instanceof BirdError)) {
    return [
      layer('socket', true, `connected to ${socket}`),
      layer('answer', true, `${session.banner} answered 'show protocols' and 'show status'`),
    ];
  }
  if (!session.connected) return [layer('socket', false, session.message)];
  return [layer('socket', true, `connected to ${socket}`), layer('answer', false, session.message)];
}

/** From `show status`, or null when it cannot be read (judge() then reports why). */
function lastReconfiguration(replies: Reply[]): string | null {
  try {
    return parseStatus(replies[1] as Reply).lastReconfiguration;
  } catch {
    return null;
  }
}

function judge(
  prefix: string,
  replies: Reply[],
  windowOpen: boolean,
  details: BirdReadyDetails,
  layers: Layer[],
  sync: SyncOutcome,
): CheckOutcome<BirdReadyDetails> {
  let peers: CalicoPeer[];
  let others: string[];
  let grRecovery: boolean;
  try {
    const rows = parseProtocols(replies[0] as Reply);
    peers = rows.flatMap((row) => toCalicoPeer(row) ?? []);
    others = rows.filter((row) => row.proto === 'BGP' && toCalicoPeer(row) === null).map((row) => row.name);
    grRecovery = parseStatus(replies[1] as Reply).grRecovery !== null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    layers.push(layer('parse', false, message));
    return outcome('unknown', `${prefix}error executing command: ${message}`, details, {
      layers: withUnreached(STEPS, layers, 'the reply could not be read'),
    });
  }
  const decision = decideReadiness({ peers, windowOpen, grRecovery });
  layers.push(layer('parse', true, explainCount(peers, others, grRecovery)));
  layers.push(layer('rule', decision.status !== 'fail', explainRule(decision, peers)));
  details.peers = peers;
  details.established = decision.established;
  details.grRecovery = grRecovery;
  layers.push(sync.layer);
  if (sync.state !== 'stale') {
    const message = decision.status === 'fail' ? prefix + decision.message : decision.message;
    return outcome(decision.status, message, details, { warnings: decision.warnings, layers });
  }
  // BIRD runs an older config than confd rendered: inside the strict window a failure, after it a warning.
  details.confdStale = true;
  if (windowOpen || decision.status === 'fail') {
    const causes = decision.status === 'fail' ? `${decision.message}; ${sync.message}` : sync.message;
    return outcome('fail', prefix + causes, details, { warnings: decision.warnings, layers });
  }
  return outcome('warn', decision.message, details, { warnings: [...decision.warnings, sync.message], layers });
}

type Window = { open: boolean; ageSeconds: number; layer: Layer } | { error: string; layer: Layer };

/** The strict window is open while the nodename file is younger than --threshold-time (or from the future). */
async function startupWindow({ config, now }: CheckContext): Promise<Window> {
  const path = config.nodenameFile;
  try {
    const { mtimeMs } = await statPath(path);
    const ageMs = now() - mtimeMs;
    const open = ageMs < config.thresholdMs;
    // A file from the future is clock skew (or a clock set back): say so, not "0ms old".
    const age =
      ageMs < 0 ? `${formatDuration(-ageMs)} in the future (clock skew: its mtime is ahead of this clock)` : `${formatDuration(ageMs)} old`;
    const detail = `nodename file ${path} is ${age}: strict window ${open ? 'open' : 'closed'} (threshold ${formatDuration(config.thresholdMs)})`;
    return { open, ageSeconds: Math.round(ageMs / 1000), layer: layer('nodename', true, detail) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    const text = `stat ${path}: ${reason}`;
    return { error: text, layer: layer('nodename', false, text) };
  }
}

/** BGP readiness of the IPv4 BIRD (or a BIRD 2 daemon) at --bird-socket. */
export const birdReadyCheck = birdReady('bird-ready');
/** BGP readiness of the IPv6 BIRD at --bird6-socket. */
export const bird6ReadyCheck = birdReady('bird6-ready');
