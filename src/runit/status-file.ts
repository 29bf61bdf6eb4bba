// Decodes runsv's 20-byte supervise/status file and renders it the way `sv status` would.
//
//   40 00 00 00 6b 02 07 92 11 60 30 54   TAI64N time of the last change (big-endian)
//   ae 19 00 00                           pid, little-endian (0 when nothing runs)
//   00 75 00 01                           paused, want ('u'/'d'), got TERM, state (0 down 1 run 2 finish)
import { stateFor, type ServiceState } from './sv-status.ts';

export interface DecodedStatus {
  state: ServiceState;
  /** runit's own word for the state, as `sv status` starts its line. */
  word: 'run' | 'down' | 'finish';
  pid: number | null;
  uptimeSeconds: number;
  want: 'up' | 'down' | null;
  paused: boolean;
  gotTerm: boolean;
  /** Unix time (ms) of the last state change. */
  changedAtMs: number;
}

const STATUS_BYTES = 20;
const WORDS = ['down', 'run', 'finish'] as const;
// runit's tai_now() stores 2^62 + 10 + unix seconds (the 10 s TAI-UTC offset of 1970);
// checked against the captured bytes in test/fixtures/runit.
const TAI64_UNIX_EPOCH = 2n ** 62n + 10n;

/** null when the bytes are not a runit status file (wrong size, unknown state or want). */
export function decodeSuperviseStatus(bytes: Uint8Array, nowMs: number): DecodedStatus | null {
  if (bytes.length !== STATUS_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = WORDS[view.getUint8(19)];
  const wantByte = String.fromCharCode(view.getUint8(17));
  if (word === undefined || (wantByte !== 'u' && wantByte !== 'd')) return null;
  const seconds = Number(view.getBigUint64(0) - TAI64_UNIX_EPOCH);
  const changedAtMs = seconds * 1000 + Math.floor(view.getUint32(8) / 1e6);
  const pid = view.getUint32(12, true);
  const want = wantByte === 'u' ? 'up' : 'down';
  return {
    state: stateFor(word, want),
    word,
    pid: pid === 0 ? null : pid,
    // Whole seconds, as sv prints them; a clock that stepped back reads 0, not negative.
    uptimeSeconds: Math.max(0, Math.floor(nowMs / 1000) - seconds),
    want,
    paused: view.getUint8(16) !== 0,
    gotTerm: view.getUint8(18) !== 0,
    changedAtMs,
  };
}

/** The line `sv status <dir>` would print for this status (sv.c svstatus_print). */
export function formatSvLine(dir: string, status: DecodedStatus, normallyUp: boolean | null): string {
  const { word, pid, uptimeSeconds, paused, want, gotTerm } = status;
  let line = `${word}: ${dir}: ${word === 'down' ? '' : `(pid ${pid ?? 0}) `}${uptimeSeconds}s`;
  if (pid !== null && normallyUp === false) line += ', normally down';
  if (pid === null && normallyUp === true) line += ', normally up';
  if (pid !== null && paused) line += ', paused';
  if (pid === null && want === 'up') line += ', want up';
  if (pid !== null && want === 'down') line += ', want down';
  if (pid !== null && gotTerm) line += ', got TERM';
  return line;
}
