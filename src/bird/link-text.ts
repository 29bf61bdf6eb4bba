// Words for the BIRD link's errors: how far a conversation got, and which commands are malformed.
import type { Reply } from './reply.ts';

export type LinkStage = 'checking the path' | 'connecting' | 'connected';

export interface Progress {
  stage: LinkStage;
  banner: string | undefined;
  /** Bytes received since the last batch completed. */
  received: number;
  commands: readonly string[];
  replies: number;
  /** Lines received of the reply in progress. */
  pendingLines: number;
}

/** `connected, banner received, 1 of 2 replies complete, no reply to 'show status' yet`. */
export function describeProgress(p: Progress): string {
  if (p.stage !== 'connected') return p.stage;
  if (p.banner === undefined) return p.received === 0 ? 'connected, no banner' : `connected, banner incomplete after ${p.received} bytes`;
  const parts = ['connected', 'banner received'];
  if (p.replies > 0) parts.push(`${p.replies} of ${p.commands.length} replies complete`);
  const n = p.pendingLines;
  const command = p.commands[p.replies];
  parts.push(n === 0 ? `no reply to '${command}' yet` : `'${command}' incomplete after ${n} line${n === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** A command with a line break would be two commands: a programming error. */
export function lineBreakIn(commands: readonly string[]): TypeError | undefined {
  const bad = commands.find((c) => c.includes('\r') || c.includes('\n'));
  return bad === undefined ? undefined : new TypeError(`a BIRD command cannot contain a line break: '${bad}'`);
}

/** The first line of the first reply as BIRD sent it: `8007 Access denied`. */
export function firstLine(replies: readonly Reply[]): string {
  const first = replies[0]?.lines[0];
  return first === undefined ? '' : `${String(first.code).padStart(4, '0')} ${first.text}`;
}
