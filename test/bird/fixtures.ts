// Loads the raw replies recorded from real BIRD daemons (test/fixtures/bird/README.md).
import { readFileSync, readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { ReplyReader } from '../../src/bird/index.ts';
import type { Reply } from '../../src/bird/index.ts';

const ROOT = new URL('../fixtures/bird/', import.meta.url);

/** Every fixture, as `1.6/bird-show-status.txt`, `2/show-status.txt`… */
export const FIXTURE_NAMES: string[] = ['1.6', '2', '3'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, ROOT))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => `${dir}/${f}`),
);

/** The three daemons each scenario was captured from, with the banner each one sends. */
export const DAEMONS = [
  { prefix: '1.6/bird-', banner: 'BIRD 1.6.8 ready.' },
  { prefix: '1.6/bird6-', banner: 'BIRD 1.6.8 ready.' },
  { prefix: '2/', banner: 'BIRD 2.0.12 ready.' },
  { prefix: '3/', banner: 'BIRD 3.3.2 ready.' },
] as const;

/**
 * The `timeformat protocol` settings each daemon was also captured with, into `<gen>/<format>/`,
 * and what the since column then looks like (`default` is BIRD's own, with no timeformat line).
 */
export const TIME_FORMATS = {
  default: { setting: '(none)', since: { '1.6': /^\d\d:\d\d:\d\d$/, '2': /^\d\d:\d\d:\d\d\.\d{3}$/ } },
  F: { setting: '"%F"', since: /^\d{4}-\d\d-\d\d$/ },
  T: { setting: '"%T"', since: /^\d\d:\d\d:\d\d$/ },
  'iso-long': { setting: 'iso long', since: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/ },
  unix: { setting: '"%s"', since: /^\d{9,}$/ },
  custom: { setting: '"%d %b %Y %T"', since: /^\d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d$/ },
} as const;
export type TimeFormat = keyof typeof TIME_FORMATS;

/** The since pattern of a format on a daemon (`1.6/bird-`, `2/`, `3/`). */
export function sincePattern(format: TimeFormat, prefix: string): RegExp {
  const { since } = TIME_FORMATS[format];
  return since instanceof RegExp ? since : prefix.startsWith('1.6/') ? since['1.6'] : since['2'];
}

/** `3/show-status.txt` in format `iso-long` → `3/iso-long/show-status.txt`. */
export function inFormat(name: string, format: TimeFormat): string {
  const slash = name.indexOf('/');
  return `${name.slice(0, slash)}/${format}/${name.slice(slash + 1)}`;
}

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, ROOT));
}

/** The whole file through one ReplyReader: banner plus every complete reply. */
export function readFixture(name: string): { banner: string | undefined; replies: Reply[]; pendingLines: number } {
  const reader = new ReplyReader();
  const replies = reader.push(fixtureBytes(name));
  return { banner: reader.banner, replies, pendingLines: reader.pendingLines };
}

/** The single reply a one-command fixture holds. */
export function fixtureReply(name: string): Reply {
  const { replies } = readFixture(name);
  assert.equal(replies.length, 1, `${name} should hold exactly one reply`);
  const [reply] = replies;
  assert.ok(reply);
  return reply;
}

/**
 * The fixture cut into what a daemon sends when: the banner line, then one byte string per
 * reply (ending after its final `CCCC ` line). Done on bytes, independently of ReplyReader.
 */
export function splitFixture(name: string): { banner: Buffer; replies: Buffer[] } {
  const bytes = fixtureBytes(name);
  const parts: Buffer[] = [];
  let start = 0;
  let lineStart = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, lineStart)) {
    if (/^\d{4} /.test(bytes.toString('latin1', lineStart, lineStart + 5))) {
      parts.push(bytes.subarray(start, nl + 1));
      start = nl + 1;
    }
    lineStart = nl + 1;
  }
  const [banner, ...replies] = parts;
  assert.ok(banner !== undefined && start === bytes.length, `${name} should end with a final line`);
  return { banner, replies };
}
