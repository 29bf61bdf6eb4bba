// The BIRD client's public surface: the rest of calico-probe imports from here only, so the
// socket client and the parsers can change without touching the checks.
export { BirdError, BirdParseError, BirdProtocolError, BirdReplyError } from './errors.ts';
export type { BirdErrorKind, BirdProtocolReason } from './errors.ts';
export { ReplyReader } from './reply.ts';
export type { Reply, ReplyLine, ReplyReaderOptions } from './reply.ts';
export { queryBird } from './query.ts';
export type { BirdSession, QueryOptions } from './query.ts';
export { lastErrorOf, parseProtocols } from './protocols.ts';
export type { ProtocolRow } from './protocols.ts';
export { parseStatus } from './status.ts';
export type { BirdStatus } from './status.ts';
export { toCalicoPeer } from './peers.ts';
export type { CalicoPeer, PeerType } from './peers.ts';
export { parseProtocolsAll } from './protocols-all.ts';
export type { ProtocolDetail } from './protocols-all.ts';
export { BirdConnection } from './connection.ts';
