// calico-node's wording, in one table, so existing alerts and greps keep matching (README,
// Guarantees: the first line names the check and the fault). Checks build their messages from these prefixes.
import type { CheckName } from './types.ts';

/** Every failing verdict line starts with this, for liveness too, as in calico-node. */
export const NOT_READY = 'calico/node is not ready: ';

/** The prefix of a check's failure message when the check's main subject failed. */
export const CHECK_PREFIX: Record<CheckName, string> = {
  'felix-live': 'Felix is not live: ',
  'felix-ready': 'felix is not ready: ',
  'bird-live': 'bird is not live: ',
  'bird6-live': 'bird6 is not live: ',
  'bird-ready': 'BIRD is not ready: ',
  'bird6-ready': 'BIRD6 is not ready: ',
};

/** bird-live's other two prefixes: the runit services, and an unexpected reply. */
export const SERVICES_PREFIX = { bird: 'bird/confd is not live: ', bird6: 'bird6/confd is not live: ' } as const;
export const BAD_RESPONSE_PREFIX = { bird: 'bad response from bird: ', bird6: 'bad response from bird6: ' } as const;

/** `BGP not established with 10.0.0.2,10.0.0.3` — comma-joined, no spaces, BIRD's row order. */
export function notEstablishedWith(addresses: readonly string[]): string {
  return `BGP not established with ${addresses.join(',')}`;
}

export const GR_IN_PROGRESS = 'graceful restart in progress';
