// The parser-scale part of the benchmark: cold (one parse in a fresh process, as a probe pays
// it), warm (JIT-compiled, median of repeats) and the heap held while reading.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spread } from './measure.ts';
import { parseReply, syntheticReply, timeParse, type HeapUse } from './parser-scale.ts';

export const SIZES = [1000, 5000, 20000];
/** issue 6: 5,000 protocols parse in under 20 ms. */
const LIMIT = { protocols: 5000, ms: 20 };
/** Linear: the warm cost per protocol at 20,000 stays within this multiple of that at 1,000. */
const LINEAR_SLACK = 2;

const SCRIPT = fileURLToPath(new URL('./parser-scale.ts', import.meta.url));

interface Row {
  protocols: number;
  replyBytes: number;
  /** One parse in a fresh process, as a probe pays it: wall and main-thread CPU, medians. */
  coldMs: number;
  coldCpuMs: number;
  /** JIT-compiled: median wall time of repeated parses in one process. */
  warmMs: number;
  heap: HeapUse;
}

function child(nodeFlags: string[], args: string[]): Record<string, number> {
  const out = spawnSync(process.execPath, [...nodeFlags, SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) throw new Error(`parser-scale ${args.join(' ')}: ${out.stderr}`);
  return JSON.parse(out.stdout) as Record<string, number>;
}

export function measureScale(coldRuns = 7, warmRuns = 15): Row[] {
  return SIZES.map((protocols) => {
    const bytes = syntheticReply(protocols);
    const cold = Array.from({ length: coldRuns }, () => child(['--expose-gc'], ['--once', String(protocols)]));
    for (let i = 0; i < 3; i++) parseReply(bytes);
    const warm = Array.from({ length: warmRuns }, () => timeParse(bytes).wallMs);
    const heap = child(['--expose-gc'], ['--memory', String(protocols)]) as unknown as HeapUse;
    return {
      protocols,
      replyBytes: bytes.length,
      coldMs: spread(cold.map((c) => c.wallMs ?? NaN)).median,
      coldCpuMs: spread(cold.map((c) => c.cpuMs ?? NaN)).median,
      warmMs: spread(warm).median,
      heap,
    };
  });
}

export function scaleTable(rows: readonly Row[]): string {
  const kb = (b: number): string => (b / 1024).toFixed(0);
  return [
    '| protocols | reply KiB | cold parse: wall ms | cold parse: CPU ms | warm parse ms | warm µs/protocol | heap: reply as lines KiB | heap peak while reading KiB | peak beyond the reply KiB |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.protocols} | ${kb(r.replyBytes)} | ${r.coldMs.toFixed(1)} | ${r.coldCpuMs.toFixed(1)} | ${r.warmMs.toFixed(1)} | ${((r.warmMs * 1000) / r.protocols).toFixed(2)} | ${kb(r.heap.replyBytes)} | ${kb(r.heap.peakBytes)} | ${kb(r.heap.peakBytes - r.heap.replyBytes)} |`,
    ),
  ].join('\n');
}

export function scaleVerdicts(rows: readonly Row[]): Array<{ name: string; ok: boolean; why: string }> {
  const at = (n: number): Row | undefined => rows.find((r) => r.protocols === n);
  const limit = at(LIMIT.protocols);
  const small = at(SIZES[0] as number);
  const large = at(SIZES.at(-1) as number);
  const perProtocol = (r: Row | undefined): number => (r ? r.warmMs / r.protocols : NaN);
  const growth = perProtocol(large) / perProtocol(small);
  return [
    // Cold CPU rather than cold wall time: on a shared machine the wall clock also counts the
    // time other processes held the CPU (both are in the table).
    {
      name: `${LIMIT.protocols} protocols under ${LIMIT.ms} ms`,
      ok: (limit?.coldCpuMs ?? Infinity) < LIMIT.ms && (limit?.warmMs ?? Infinity) < LIMIT.ms,
      why: `cold ${limit?.coldCpuMs.toFixed(1)} ms CPU (${limit?.coldMs.toFixed(1)} ms wall), warm ${limit?.warmMs.toFixed(1)} ms`,
    },
    {
      name: 'linear growth',
      ok: growth <= LINEAR_SLACK,
      why: `warm cost per protocol at ${large?.protocols} is ${growth.toFixed(2)}× that at ${small?.protocols}`,
    },
  ];
}
