// bird-live, bird6-live: runit reports confd and bird (bird6) running, read from
// runit's own supervise files, and the BIRD control socket answers `show status`
// with a 0013 line. All three questions are asked at once; every failure is named.
import { BirdError, type BirdSession } from '../bird/index.ts';
import { readServiceStatus, type ServiceStatus } from '../runit/supervise.ts';
import { BAD_RESPONSE_PREFIX, CHECK_PREFIX, SERVICES_PREFIX } from './wording.ts';
import type { BirdLiveDetails, Check, CheckStatus, Layer } from './types.ts';
import { birdErrorStatus } from './bird-errors.ts';
import { absent, askDaemon, daemonInfo, describeRestriction } from './bird-daemon.ts';
import { layer, outcome, worse } from './result.ts';

type Daemon = 'bird' | 'bird6';

function birdLive(daemon: Daemon): Check<BirdLiveDetails> {
  const name = daemon === 'bird' ? 'bird-live' : 'bird6-live';
  return async (ctx) => {
    const { config, signal } = ctx;
    // On a BIRD 2 or 3 node without a bird6 socket, bird6 is the `bird` service and daemon.
    const bird6Absent = daemon === 'bird6' && config.bird6Socket !== config.birdSocket && (await absent(config.bird6Socket));
    const likely = bird6Absent ? 'bird' : daemon;
    const [confd, likelyService, asked] = await Promise.all([
      readServiceStatus(config.serviceDir, 'confd', { signal }),
      readServiceStatus(config.serviceDir, likely, { signal }),
      askDaemon(ctx, daemon === 'bird' ? 'ipv4' : 'ipv6', ['show status'], bird6Absent),
    ]);
    const { socket, session: answer } = asked;
    // A BIRD 1.6 node without a bird6 socket: bird6 is its own service after all.
    const service = asked.service === likely ? likelyService : await readServiceStatus(config.serviceDir, asked.service, { signal });
    let status: CheckStatus = 'pass';
    const problems: string[] = [];
    const warnings: string[] = [];
    const layers: Layer[] = [];
    for (const svc of [confd, service]) {
      const verdict = judgeService(svc);
      layers.push(layer(`runit ${svc.service}`, verdict.status === 'pass' || verdict.status === 'warn', svc.raw || svc.error || svc.state));
      status = worse(status, verdict.status);
      if (verdict.problem) problems.push(SERVICES_PREFIX[daemon] + verdict.problem);
      if (verdict.status === 'warn') warnings.push(`${svc.service}: ${svc.raw}`);
    }
    const daemonVerdict = judgeAnswer(daemon, answer);
    layers.push(...socketLayers(socket, answer, daemonVerdict));
    status = worse(status, daemonVerdict.status);
    if (daemonVerdict.status !== 'pass') problems.push(daemonVerdict.detail);
    const details: BirdLiveDetails = { socket, serviceDir: config.serviceDir, services: [confd, service] };
    if (!(answer instanceof BirdError)) {
      details.daemon = daemonInfo(asked);
      details.restricted = answer.restriction.restricted;
    }
    const shared = asked.sharedSocket ? ` (one daemon for both families: no ${daemon} socket)` : '';
    const message = problems.length > 0 ? problems.join('; ') : `confd and ${asked.service} running; ${socket} answered${shared}`;
    return outcome(status, message, details, { warnings, layers });
  };

  function judgeAnswer(daemon: Daemon, answer: BirdSession | BirdError): { status: CheckStatus; detail: string } {
    if (answer instanceof BirdError) return { status: birdErrorStatus(answer), detail: CHECK_PREFIX[name] + answer.message };
    const reply = answer.replies[0];
    const final = reply?.lines.at(-1);
    if (reply?.code === 13) return { status: 'pass', detail: `${answer.banner}; ${final?.text ?? ''}; ${describeRestriction(answer)}` };
    const raw = final ? `${String(final.code).padStart(4, '0')} ${final.text}` : '(empty reply)';
    return { status: 'fail', detail: `${BAD_RESPONSE_PREFIX[daemon]}${raw}` };
  }
}

/** socket (did connect() succeed?) then answer (did `show status` end with 0013?). */
function socketLayers(socket: string, answer: BirdSession | BirdError, verdict: { status: CheckStatus; detail: string }): Layer[] {
  if (answer instanceof BirdError && !answer.connected) {
    return [layer('socket', false, answer.message), { ...layer('answer', false, 'not reached: no connection'), skipped: true }];
  }
  return [layer('socket', true, `connected to ${socket}`), layer('answer', verdict.status === 'pass', verdict.detail)];
}

/**
 * runit's view of one service: running passes; `run: …, want down` passes with a warning
 * (calico-node passes it too); `finish:` and `down:` fail; unreadable state is unknown, but a
 * read the deadline cut short fails, like any unfinished check (README, Guarantees: Deadline).
 */
function judgeService(svc: ServiceStatus): { status: CheckStatus; problem?: string } {
  if (svc.timedOut)
    return { status: 'fail', problem: `state of service ${svc.service} not read within the deadline: ${svc.error ?? svc.raw}` };
  switch (svc.state) {
    case 'up':
    case 'starting':
      return { status: 'pass' };
    case 'stopping':
      if (svc.raw.startsWith('run:')) return { status: 'warn' };
      return { status: 'fail', problem: `service ${svc.service} is not running. Output << ${svc.raw} >>` };
    case 'unknown':
      return { status: 'unknown', problem: `cannot read the state of service ${svc.service}: ${svc.error ?? svc.raw}` };
    default:
      return { status: 'fail', problem: `service ${svc.service} is not running. Output << ${svc.raw} >>` };
  }
}

/** confd and bird supervised and running, and BIRD (IPv4) answering its control socket. */
export const birdLiveCheck = birdLive('bird');
/** confd and bird6 supervised and running, and BIRD6 answering its control socket. */
export const bird6LiveCheck = birdLive('bird6');
