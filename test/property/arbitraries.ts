// fast-check generators for what BIRD sends: lines of the control protocol (a 4-digit code, then
// `-` for a continued reply or a space for its final line, or a space-led continuation line),
// well-formed `show protocols` tables with Calico-style names, and plain hostile bytes.
import fc from 'fast-check';

/** Every property runs this many cases (the issue: at least 10,000 per parser, in CI too). */
export const RUNS = 10_000;

const CODES = ['0000', '0001', '0013', '0024', '1000', '1002', '1006', '1011', '2002', '8003', '8007', '9001', '9002'];
const NOISE = fc.string({ unit: fc.constantFrom(...'abcXYZ019 _.:-|\t\r→é✓\u0000\u001b'.split('')), maxLength: 40 });
/** Texts BIRD really puts after a code, so a fair share of streams parse, plus noise. */
const TEXT = fc.oneof(
  NOISE,
  fc.constantFrom('name     proto    table    state  since       info', 'Name       Proto      Table      State  Since         Info'),
  fc.constantFrom('BIRD 1.6.8', 'Router ID is 10.0.0.1', 'Current server time is 2026-11-21 21:08:28', 'Daemon is up and running', ''),
  fc
    .tuple(
      fc.constantFrom('Mesh_10_0_0_2', 'Node_fd00__4', 'Global_10_0_0_5_port_1790', 'kernel1'),
      fc.constantFrom('BGP', 'Kernel'),
      fc.constantFrom('up', 'down', 'start'),
      fc.constantFrom('', 'Established', 'Active  Socket: Connection refused'),
    )
    .map(([n, p, s, i]) => `${n} ${p} master ${s} 20:13:53 ${i}`),
);

const coded = (separator: '-' | ' ') => fc.tuple(fc.constantFrom(...CODES), TEXT).map(([c, t]) => `${c}${separator}${t}`);
const continuation = TEXT.map((t) => ` ${t}`);
const asynchronous = NOISE.map((t) => `+${t}`);

/** A well-framed reply: a coded line, more lines (coded, continuations, `+` messages), a final line. */
const replyLines = fc
  .tuple(
    coded('-'),
    fc.array(
      fc.oneof({ weight: 3, arbitrary: coded('-') }, { weight: 4, arbitrary: continuation }, { weight: 1, arbitrary: asynchronous }),
      { maxLength: 12 },
    ),
    coded(' '),
  )
  .map(([first, body, last]) => [first, ...body, last]);

/** Any one line: coded, a continuation, a `+` message, or noise. */
const anyLine = fc.oneof(coded('-'), coded(' '), continuation, asynchronous, NOISE);

/** A banner, then well-framed replies, or lines in any order; sometimes no final newline. */
export const birdStream = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.array(replyLines, { maxLength: 4 }).map((r) => r.flat()),
      fc.array(anyLine, { maxLength: 30 }),
    ),
    fc.boolean(),
  )
  .map(([banner, lines, trailingNewline]) => {
    const all = [...(banner ? ['0001 BIRD 1.6.8 ready.'] : []), ...lines];
    return Buffer.from(all.join('\n') + (trailingNewline && all.length > 0 ? '\n' : ''));
  });

/** Bytes of any value, the kind a wrong server or a corrupted socket sends; newlines and digits are frequent. */
export const hostileBytes = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x20, 0x2d, 0x2b, 0x30, 0x31, 0x33)), { maxLength: 600 })
  .map((a) => Buffer.from(a));

/** Cut points inside `length` bytes, sorted; one chunk per gap. */
export const cuts = (length: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: Math.min(40, length) })
    .map((points) => points.filter((p) => p < length).sort((a, b) => a - b));

export function chunked(bytes: Buffer, points: number[]): Buffer[] {
  const edges = [0, ...points, bytes.length];
  return edges.slice(1).map((end, i) => bytes.subarray(edges[i], end));
}

const octet = fc.integer({ min: 0, max: 255 });
const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));

/** A protocol name as confd writes it, or one Calico must not count. */
export const protocolName = fc.oneof(
  fc
    .tuple(fc.constantFrom('Mesh', 'Node', 'Global'), fc.array(octet, { minLength: 4, maxLength: 4 }))
    .map(([p, o]) => `${p}_${o.join('_')}`),
  fc
    .tuple(fc.constantFrom('Mesh', 'Node', 'Global'), fc.array(hextet, { minLength: 2, maxLength: 8 }))
    .map(([p, h]) => `${p}_${h.length < 8 ? `${h[0]}__${h.slice(1).join('_')}` : h.join('_')}`),
  fc
    .tuple(fc.constantFrom('Node', 'Global'), fc.array(octet, { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 99999 }))
    .map(([p, o, port]) => `${p}_${o.join('_')}_port_${port}`),
  fc.constantFrom('kernel1', 'device1', 'direct1', 'static1', 'Meshd_10_0_0_1', 'Local_Workload_10_0_0_9', 'Mesh_', 'Node_x'),
);

export interface GeneratedRow {
  name: string;
  proto: string;
  state: string;
  info: string;
}

/** A table row as BIRD pads it; `info` may be empty (a disabled protocol). */
export const protocolRow: fc.Arbitrary<GeneratedRow> = fc.record({
  name: protocolName,
  proto: fc.constantFrom('BGP', 'BGP', 'BGP', 'Kernel', 'Device', 'Direct', 'Static'),
  state: fc.constantFrom('up', 'down', 'start', 'wait', 'feed', 'flush'),
  info: fc.oneof(
    fc.constant(''),
    fc.constantFrom('Established', 'Active', 'Connect', 'Idle', 'OpenSent', 'Passive'),
    fc.constantFrom('Active        Socket: Connection refused', 'Idle          BGP Error: Bad peer AS', 'Connect       Received: Cease'),
  ),
});

/** The bytes of a `show protocols` reply in the BIRD 1.6 (`1.6`) or BIRD 2 (`2`) layout. */
export function protocolsReply(rows: GeneratedRow[], layout: '1.6' | '2'): Buffer {
  const heading =
    layout === '1.6' ? 'name     proto    table    state  since       info' : 'Name       Proto      Table      State  Since         Info';
  const table = layout === '1.6' ? 'master' : '---';
  const lines = rows.map(
    (r, i) =>
      `${i === 0 ? '1002-' : ' '}${r.name.padEnd(8)} ${r.proto.padEnd(8)} ${table.padEnd(8)} ${r.state.padEnd(6)} 20:13:53    ${r.info}`,
  );
  return Buffer.from(['0001 BIRD 2.0.12 ready.', `2002-${heading}`, ...lines, '0000 ', ''].join('\n'));
}

/** A valid table with one of its lines replaced by any other line: the parsers' error paths. */
export const corruptedTable = fc
  .tuple(fc.array(protocolRow, { maxLength: 10 }), fc.constantFrom('1.6', '2') as fc.Arbitrary<'1.6' | '2'>, fc.nat(), anyLine)
  .map(([rows, layout, at, line]) => {
    const lines = protocolsReply(rows, layout).toString().split('\n');
    lines[1 + (at % (lines.length - 2))] = line; // never the banner, never the empty tail
    return Buffer.from(lines.join('\n'));
  });
