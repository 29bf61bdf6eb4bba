// The integration harness's public surface: real BIRD 1.6 / 2 / 3 daemons and runit in network
// namespaces. See harness.ts for start-up and topology.ts for names and addresses.

export { daemonsMissing, harnessAvailability } from './availability.ts';
export type { OptionalDaemon } from './paths.ts';
export { startHarness, type Harness, type StartOptions } from './harness.ts';
export type { PeerHandle } from './peers.ts';
export type { ServiceName } from './runit.ts';
export { NODE, NODE2, PEERS, peerNamesOn, type Family, type NodeKind, type PeerImpl, type PeerSpec } from './topology.ts';
export { birdctl, connectOutcome, isEstablished, protocolRows, type ProtocolRow } from './birdctl.ts';
