// bird-ready, bird6-ready: the nodename file exists and BIRD's Calico peers satisfy
// decideReadiness() (strict window from the nodename file's age, graceful restart from
// `show status`). One connection asks both `show protocols` and `show status`.
import {
  BirdError,
  parseProtocols,
  parseStatus,
  toCalicoPeer,
  type BirdSession,
  type BirdStatus,
  type CalicoPeer,
  type GrRecovery,
  type Reply,
} from '../bird/index.ts';
import { formatDuration } from '../util/duration.ts';
import { statPath } from '../util/fs-async.ts';
import { CHECK_PREFIX, GR_IN_PROGRESS } from './wording.ts';
import type { BirdReadyDetails, Check, CheckContext, CheckOutcome, Family, Layer } from './types.ts';
import { askDaemon, daemonInfo, describeRestriction, describeSource, type Asked } from './bird-daemon.ts';
import { birdErrorDetail, birdErrorStatus } from './bird-errors.ts';
import { confdSync, type SyncOutcome } from './confd-sync.ts';
import { decideReadiness } from './readiness.ts';
import { explainCount, explainRule } from './readiness-explain.ts';
import { layer, outcome, withUnreached } from './result.ts';

type ReadyName = 'bird-ready' | 'bird6-ready';

/** The path every BGP readiness check walks, for `-v`. */
const STEPS = ['nodename', 'socket', 'answer', 'parse', 'rule', 'confd'] as const;
const COMMANDS = ['show protocols', 'show status'];

function birdReady(name: ReadyName): Check<BirdReadyDetails> {
  const daemonLabel = name === 'bird-ready' ? 'BIRDv4' : 'BIRDv6';
  const family: Family = name === 'bird-ready' ? 'ipv4' : 'ipv6';
  const prefix = CHECK_PREFIX[name];
  return async (ctx) => {
    const [window, asked] = await Promise.all([startupWindow(ctx), askDaemon(ctx, family, COMMANDS)]);
    const { socket, session } = asked;
    const details: BirdReadyDetails = { socket, nodenameFile: ctx.config.nodenameFile, family };
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
    details.restricted = session.restriction.restricted;
    const sync = await confdSync(
      ctx.config.confdConfigDir,
      name === 'bird-ready' ? 'bird.cfg' : 'bird6.cfg',
      lastReconfiguration(session.replies),
    );
    return judge({ prefix, family, asked, replies: session.replies, windowOpen: window.open, sync }, details, layers);
  };
}

/** socket: did connect() succeed; answer: did both replies arrive complete. */
function sessionLayers(socket: string, session: BirdSession | BirdError): Layer[] {
  if (!(session instanceof BirdError)) {
    return [
      layer('socket', true, `connected to ${socket}`),
      layer('answer', true, `${session.banner} answered 'show protocols' and 'show status'; ${describeRestriction(session)}`),
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

interface Judged {
  prefix: string;
  family: Family;
  asked: Asked;
  replies: Reply[];
  windowOpen: boolean;
  sync: SyncOutcome;
}

function judge(
  { prefix, family, asked, replies, windowOpen, sync }: Judged,
  details: BirdReadyDetails,
  layers: Layer[],
): CheckOutcome<BirdReadyDetails> {
  let peers: CalicoPeer[];
  let others: string[];
  let status: BirdStatus;
  try {
    const rows = parseProtocols(replies[0] as Reply);
    status = parseStatus(replies[1] as Reply);
    // A BIRD 2 or 3 daemon lists both families: each check judges its own.
    peers = rows.flatMap((row) => toCalicoPeer(row) ?? []).filter((peer) => peer.family === family);
    others = rows.filter((row) => row.proto === 'BGP' && toCalicoPeer(row) === null).map((row) => row.name);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    layers.push(layer('parse', false, message));
    return outcome('unknown', `${prefix}error executing command: ${message}`, details, {
      layers: withUnreached(STEPS, layers, 'the reply could not be read'),
    });
  }
  const grRecovery = status.grRecovery !== null;
  const daemon = daemonInfo(asked, status.version);
  const decision = decideReadiness({ peers, windowOpen, grRecovery });
  const gr = grText(status.grRecovery);
  layers.push(layer('parse', true, `${explainCount(peers, others, grRecovery)}${gr}; ${describeSource(daemon, family)}`));
  layers.push(layer('rule', decision.status !== 'fail', explainRule(decision, peers)));
  details.peers = peers;
  details.established = decision.established;
  details.grRecovery = grRecovery;
  details.grWait = grWait(status.grRecovery);
  details.daemon = daemon;
  details.routerId = status.routerId;
  details.birdVersion = status.version;
  const withGr = (text: string): string => (gr === '' ? text : text.replace(GR_IN_PROGRESS, GR_IN_PROGRESS + gr));
  const warnings = decision.warnings.map(withGr);
  const decided = withGr(decision.message);
  layers.push(sync.layer);
  if (sync.state !== 'stale') {
    let message = decision.status === 'fail' ? prefix + decided : decided;
    // One daemon for both families: say whose peers these are (a BIRD 1.6 daemon has one family).
    if (daemon.families.length > 1 && decision.status !== 'fail') message += ` (${describeSource(daemon, family)})`;
    return outcome(decision.status, message, details, { warnings, layers });
  }
  // BIRD runs an older config than confd rendered: inside the strict window a failure, after it a warning.
  details.confdStale = true;
  if (windowOpen || decision.status === 'fail') {
    const causes = decision.status === 'fail' ? `${decided}; ${sync.message}` : sync.message;
    return outcome('fail', prefix + causes, details, { warnings, layers });
  }
  return outcome('warn', decided, details, { warnings: [...warnings, sync.message], layers });
}

/** ` (wait timer 215/240 s, waiting for 5 protocols)`, or '' when BIRD printed neither. */
function grText(gr: GrRecovery | null): string {
  if (gr === null) return '';
  const parts: string[] = [];
  if (gr.waitTimerSeconds !== null && gr.waitTimerLimitSeconds !== null)
    parts.push(`wait timer ${gr.waitTimerSeconds}/${gr.waitTimerLimitSeconds} s`);
  if (gr.waitingFor !== null) parts.push(`waiting for ${gr.waitingFor} ${gr.waitingForUnit ?? 'protocols'}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function grWait(gr: GrRecovery | null): BirdReadyDetails['grWait'] {
  if (gr === null) return null;
  return {
    waitedSeconds: gr.waitTimerSeconds,
    limitSeconds: gr.waitTimerLimitSeconds,
    waitingFor: gr.waitingFor,
    waitingForUnit: gr.waitingForUnit,
  };
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

/** BGP readiness of the IPv4 peers of the daemon at --bird-socket (BIRD 1.6 `bird`, or BIRD 2 or 3). */
export const birdReadyCheck = birdReady('bird-ready');
/** BGP readiness of the IPv6 peers: BIRD 1.6 `bird6` at --bird6-socket, or a BIRD 2 or 3 daemon there or, when that socket does not exist, at --bird-socket. */
export const bird6ReadyCheck = birdReady('bird6-ready');
