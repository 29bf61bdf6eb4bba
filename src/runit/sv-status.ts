// Parses one line of runit's `sv status` output into the states every supervisor maps to.
//
//   run: /etc/service/enabled/bird: (pid 123) 4567s; run: log: (pid 100) 4567s
//   down: /etc/service/enabled/bird: 2s, normally up
//   warning: /etc/service/enabled/felix: unable to open supervise/ok: file does not exist
//
// `sv status` exits 0 even for a down service, so the prefix is what counts. Only the main
// service is read: a `; run: log: …` suffix describes the log service.

/** What runit, s6 and systemd states normalise to; the JSON schema lists the same values. */
export type ServiceState = 'up' | 'down' | 'starting' | 'stopping' | 'failed' | 'unknown';

export interface SvStatus {
  state: ServiceState;
  pid: number | null;
  /** Seconds since the last state change, as `sv` prints it. */
  uptimeSeconds: number | null;
  want: 'up' | 'down' | null;
  /** false when the service dir has a `down` file. */
  normallyUp: boolean | null;
  paused: boolean;
  /** The line as sv printed it (first line, trimmed), for messages. */
  raw: string;
  /** Why no state could be read: sv's own words after `fail:`/`warning:`. */
  error?: string;
}

const STATE_LINE = /^(run|down|finish): (.*?): (?:\(pid (\d+)\) )?(\d+)s((?:, [^;,]+)*)(?:;.*)?$/;
const COMPLAINT = /^(fail|warning|timeout|ok|kill): (?:(.*?): )?(.*)$/;

/** Never throws: anything unrecognised is `unknown` with the reason in `error`. */
export function parseSvStatus(output: string): SvStatus {
  const raw = (output.split('\n').find((line) => line.trim() !== '') ?? '').trim();
  const match = STATE_LINE.exec(raw);
  if (!match) return unknownSvStatus(raw, complaint(raw));
  const word = match[1] as 'run' | 'down' | 'finish';
  const pid = match[3] === undefined ? null : Number(match[3]);
  const flags = new Set((match[5] ?? '').split(', ').filter((flag) => flag !== ''));
  // sv prints only the flags that differ from what the state implies (sv.c svstatus_print):
  // `normally down` / `want down` / `paused` while a process exists, `normally up` / `want up` without one.
  const hasProcess = word !== 'down';
  const want = hasProcess ? (flags.has('want down') ? 'down' : 'up') : flags.has('want up') ? 'up' : 'down';
  const normallyUp = hasProcess ? !flags.has('normally down') : flags.has('normally up');
  return {
    state: stateFor(word, want),
    pid,
    uptimeSeconds: Number(match[4]),
    want,
    normallyUp,
    paused: flags.has('paused'),
    raw,
  };
}

/** The one mapping from runit's three states to ours; supervise.ts uses it too. */
export function stateFor(word: 'run' | 'down' | 'finish', want: 'up' | 'down' | null): ServiceState {
  if (word === 'run') return want === 'down' ? 'stopping' : 'up';
  if (word === 'finish') return 'stopping';
  return 'down';
}

function complaint(raw: string): string {
  if (raw === '') return 'sv printed nothing';
  const match = COMPLAINT.exec(raw);
  return match ? (match[3] as string) : `unrecognised sv output: ${raw}`;
}

/** A state that could not be read: `raw` as sv would print it, `error` the reason in words. */
export function unknownSvStatus(raw: string, error: string): SvStatus {
  return { state: 'unknown', pid: null, uptimeSeconds: null, want: null, normallyUp: null, paused: false, raw, error };
}

/** runit's state of one service: `sv status`'s fields, plus where it came from. */
export interface ServiceStatus extends SvStatus {
  service: string;
  dir: string;
  source: 'supervise' | 'sv';
  /** The state could not be read before the deadline (or sv's own timeout): unfinished, not unknown. */
  timedOut?: true;
}
