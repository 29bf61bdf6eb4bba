// How a failed BIRD query counts: a daemon that is not there, refuses, or stays silent
// until the deadline is unhealthy; a reply we could not understand, a cut reply or
// a permission problem means no verdict (unknown) — never success.
import type { BirdError } from '../bird/index.ts';
import type { CheckStatus } from './types.ts';

const UNKNOWN_KINDS = new Set(['permission', 'truncated', 'protocol', 'too-large', 'io']);
const CONNECT_KINDS = new Set(['not-found', 'refused', 'permission', 'busy', 'path-too-long', 'not-a-socket']);

export function birdErrorStatus(error: BirdError): CheckStatus {
  return UNKNOWN_KINDS.has(error.kind) ? 'unknown' : 'fail';
}

/** calico-node's wrappers: `error querying BIRD: unable to connect to BIRDv4 socket: …` or `error executing command: …`. */
export function birdErrorDetail(error: BirdError, daemonLabel: 'BIRDv4' | 'BIRDv6'): string {
  return CONNECT_KINDS.has(error.kind)
    ? `error querying BIRD: unable to connect to ${daemonLabel} socket: ${error.message}`
    : `error executing command: ${error.message}`;
}
