// What the reply parsers share: quoting a line as BIRD wrote it, checking how a reply ended,
// and the heading of the `show protocols` table.
import { BirdParseError, BirdReplyError } from './errors.ts';
import type { Reply, ReplyLine } from './reply.ts';
import { fields } from '../util/text.ts';

const HEADING = ['name', 'proto', 'table', 'state', 'since', 'info'];

/** The line as BIRD wrote it (continuations shown with their inherited code), for messages. */
export function formatLine(line: ReplyLine, final = false): string {
  return `${String(line.code).padStart(4, '0')}${final ? ' ' : '-'}${line.text}`;
}

/**
 * The lines before the final one, provided the reply ended with `expected`. An 8xxx/9xxx ending
 * is BIRD refusing the command (BirdReplyError); any other ending is a reply to something else.
 */
export function bodyOf(reply: Reply, expected: number): ReplyLine[] {
  const last = reply.lines.at(-1);
  if (last === undefined) throw new BirdParseError('empty reply from BIRD');
  const line = formatLine(last, true);
  if (reply.code >= 8000 && reply.code <= 9999) throw new BirdReplyError(reply.code, line);
  if (reply.code !== expected) throw new BirdParseError(`unexpected output line from BIRD: '${line}'`, line);
  return reply.lines.slice(0, -1);
}

/** BIRD 1.6 writes the heading in lower case, BIRD 2 capitalised; both name the same columns. */
export function checkHeading(line: ReplyLine): void {
  const names = fields(line.text).map((f) => f.toLowerCase());
  if (names.length !== HEADING.length || names.some((n, i) => n !== HEADING[i])) {
    throw new BirdParseError('unknown BIRD table output format', formatLine(line));
  }
}

export function unexpected(line: ReplyLine): BirdParseError {
  const text = formatLine(line);
  return new BirdParseError(`unexpected output line from BIRD: '${text}'`, text);
}
