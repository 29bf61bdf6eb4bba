// Parser scale: `show protocols` replies of N protocols, built from the row shapes of a reply
// recorded from real BIRD 1.6 (test/fixtures/bird/1.6/bird-show-protocols-mixed.txt, every row
// kind: kernel, device, direct, Established, Active, Passive, Connect, a down row, a non-Calico
// peer), read in 64 KiB chunks as node:net delivers them, then parsed into Calico peers.
//
//   node --expose-gc test/bench/parser-scale.ts --once 5000  one cold parse in this process: ms
//   node --expose-gc test/bench/parser-scale.ts --memory 5000  heap held while reading
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProtocols, ReplyReader, toCalicoPeer } from '../../src/bird/index.ts';

const FIXTURE = new URL('../fixtures/bird/1.6/bird-show-protocols-mixed.txt', import.meta.url);
const CHUNK_BYTES = 64 * 1024;

/** banner, heading, N rows cycling through the fixture's row shapes with unique names, 0000. */
export function syntheticReply(protocols: number): Buffer {
  const lines = readFileSync(FIXTURE, 'utf8').split('\n');
  const banner = lines[0] ?? '';
  const heading = lines[1] ?? '';
  const shapes = lines
    .slice(2)
    .filter((l) => l.startsWith('1002-') || l.startsWith(' '))
    .map((l) => l.replace(/^1002-/, ' '));
  const rows: string[] = [];
  for (let i = 0; i < protocols; i++) {
    const shape = shapes[i % shapes.length] as string;
    const [name = ''] = shape.trim().split(/\s+/);
    const a = (i >> 16) & 255;
    const b = (i >> 8) & 255;
    const c = i & 255;
    // Keep each shape's prefix (Mesh_, Node_…, kernel1 → kernel), make the address unique.
    const unique = name.replace(/_10_77_0_\d+/, `_10_${a}_${b}_${c}`).replace(/^(kernel|device|direct)\d+$/, `$1${i}`);
    rows.push(shape.replace(name, unique));
  }
  const first = (rows[0] ?? '').replace(/^ /, '1002-');
  return Buffer.from([banner, heading, first, ...rows.slice(1), '0000 ', ''].join('\n'));
}

/** What bird-ready does with the bytes: frame the reply, parse rows, keep the Calico peers. */
export function parseReply(bytes: Buffer, onChunk?: () => void): number {
  const reader = new ReplyReader();
  const replies = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    replies.push(...reader.push(bytes.subarray(offset, offset + CHUNK_BYTES)));
    onChunk?.();
  }
  const [reply] = replies;
  if (reply === undefined) throw new Error('the synthetic reply did not complete');
  return parseProtocols(reply).flatMap((row) => toCalicoPeer(row) ?? []).length;
}

export interface ParseTime {
  wallMs: number;
  /** CPU time of this thread: what the parse costs, however busy the machine is. */
  cpuMs: number;
}

export function timeParse(bytes: Buffer): ParseTime {
  // Start from a clean heap: in a fresh process the garbage left by loading TypeScript sources
  // would otherwise be collected inside the timed parse (the probe's bundle has no such loader).
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.threadCpuUsage();
  const started = process.hrtime.bigint();
  parseReply(bytes);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const { user, system } = process.threadCpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000 };
}

export interface HeapUse {
  /** Live heap at the end of the read: the reply itself, as lines. */
  replyBytes: number;
  /** The most live heap at any chunk boundary while reading. */
  peakBytes: number;
  /** What the parsed rows and peers add on top. */
  parsedBytes: number;
}

/** Live heap (after a full GC) above the starting point, sampled at every chunk. */
export function heapWhileReading(bytes: Buffer): HeapUse {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const live = (): number => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  parseReply(bytes); // compile the parsers first: their bytecode and feedback are heap too
  const base = live();
  let peak = 0;
  const reader = new ReplyReader();
  const replies = [];
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    replies.push(...reader.push(bytes.subarray(offset, offset + CHUNK_BYTES)));
    peak = Math.max(peak, live() - base);
  }
  const replyBytes = live() - base;
  const peers = parseProtocols(replies[0] as never).flatMap((row) => toCalicoPeer(row) ?? []);
  const parsedBytes = live() - base - replyBytes;
  if (peers.length === 0 || replies.length !== 1) throw new Error('the synthetic reply did not parse');
  return { replyBytes, peakBytes: peak, parsedBytes };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { once: { type: 'string' }, memory: { type: 'string' } } });
  const size = Number(values.once ?? values.memory);
  const bytes = syntheticReply(size);
  const result =
    values.once !== undefined ? { ...timeParse(bytes), bytes: bytes.length } : { bytes: bytes.length, ...heapWhileReading(bytes) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
