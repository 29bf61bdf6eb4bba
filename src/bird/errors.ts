// Every error the BIRD module throws or rejects with. Callers switch on the class (and on
// BirdError.kind), never on message text, so messages are free to be as explicit as needed.

export type BirdErrorKind =
  | 'not-found'
  | 'refused'
  | 'permission'
  | 'busy'
  | 'path-too-long'
  | 'not-a-socket'
  | 'timeout'
  | 'truncated'
  | 'protocol'
  | 'too-large'
  | 'io';

export interface BirdErrorDetails {
  errno?: string | undefined;
  command?: string | undefined;
  cause?: unknown;
  /** The connection was made: the failure came after connect() (no banner, cut or bad reply, deadline). */
  connected?: boolean;
}

/** The socket could not deliver complete replies: the daemon is absent, stuck, or spoke nonsense. */
export class BirdError extends Error {
  override name = 'BirdError';
  readonly kind: BirdErrorKind;
  readonly path: string;
  readonly errno?: string;
  readonly command?: string;
  /** Whether connect() had succeeded: tells "socket unreachable" from "daemon did not answer". */
  readonly connected: boolean;

  constructor(kind: BirdErrorKind, path: string, message: string, details: BirdErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.path = path;
    this.connected = details.connected ?? false;
    if (details.errno !== undefined) this.errno = details.errno;
    if (details.command !== undefined) this.command = details.command;
  }
}

export type BirdProtocolReason = 'malformed' | 'line-too-long' | 'reply-too-large';

/** Bytes that do not follow BIRD's reply framing (see reply.ts), or exceed the reader's caps. */
export class BirdProtocolError extends Error {
  override name = 'BirdProtocolError';
  readonly reason: BirdProtocolReason;
  readonly line?: string;

  constructor(reason: BirdProtocolReason, message: string, line?: string) {
    super(message);
    this.reason = reason;
    if (line !== undefined) this.line = line;
  }
}

/** BIRD answered with a run-time (8xxx) or parse (9xxx) error instead of data. */
export class BirdReplyError extends Error {
  override name = 'BirdReplyError';
  readonly code: number;
  readonly line: string;

  constructor(code: number, line: string) {
    // calico-node's wording, which users grep for (see checks/wording.ts).
    super(`unexpected output line from BIRD: '${line}'`);
    this.code = code;
    this.line = line;
  }
}

/** A well-framed reply whose content is not what the parser knows how to read. */
export class BirdParseError extends Error {
  override name = 'BirdParseError';
  readonly line?: string;

  constructor(message: string, line?: string) {
    super(message);
    if (line !== undefined) this.line = line;
  }
}
