// Properties of the Felix health-table parser, 10,000 cases each: any body gives null or typed
// reporters and never throws; a table drawn the way Felix's tablewriter draws it (the stand-in's
// renderTable, both layouts, wrapped cells included) parses back to the reporters it was drawn from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseReporters } from '../../src/felix/reporters.ts';
import { renderTable, type ReportValue, type StandinReporter } from '../support/felix-standin.ts';
import { RUNS } from './arbitraries.ts';

const CELL_CHARS = fc.constantFrom(...'|│+-─ \tCOMPONENTLIVESREADYx0:()\r'.split(''));
const HEADER = '| COMPONENT | TIMEOUT | LIVENESS | READINESS | DETAIL |';

/** Bodies from anything at all to nearly a table: a header, then rows of table-ish characters. */
const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(fc.string({ unit: CELL_CHARS, maxLength: 60 }), { maxLength: 12 }).map((rows) => rows.join('\n')),
  fc.array(fc.string({ unit: CELL_CHARS, maxLength: 60 }), { maxLength: 12 }).map((rows) => [HEADER, ...rows].join('\n')),
);

test('any body: null or an array of typed reporters, never a throw', () => {
  fc.assert(
    fc.property(body, (text) => {
      const reporters = parseReporters(text);
      if (reporters === null) return;
      assert.ok(Array.isArray(reporters));
      for (const r of reporters) {
        assert.ok([r.name, r.timeout, r.liveness, r.readiness, r.detail].every((f) => typeof f === 'string'));
        assert.ok(typeof r.live === 'boolean' && typeof r.ready === 'boolean');
      }
    }),
    { numRuns: RUNS },
  );
});

const word = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABC0123456789:.,=/()_-'.split('')),
  minLength: 1,
  maxLength: 14,
});
const value = fc.constantFrom<ReportValue[]>(true, false, 'timed out', '-');
const reporter: fc.Arbitrary<StandinReporter> = fc.record({
  name: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,40}$/),
  timeout: fc.constantFrom('-', '30s', '1m30s', '10s (override)', '2m0s (override)'),
  live: value,
  ready: value,
  detail: fc.array(word, { maxLength: 9 }).map((words) => words.join(' ')),
});

const spelled = (v: ReportValue, good: string, bad: string): string => (v === true ? good : v === false ? bad : v);

test('a table drawn like tablewriter, either layout, wrapped cells and all, parses back to its reporters', () => {
  const table = fc.tuple(
    fc.uniqueArray(reporter, { selector: (r) => r.name, maxLength: 8 }),
    fc.constantFrom('bordered', 'plain') as fc.Arbitrary<'bordered' | 'plain'>,
    fc.boolean(),
  );
  fc.assert(
    fc.property(table, ([reporters, layout, crlf]) => {
      const text = renderTable(reporters, layout);
      const parsed = parseReporters(crlf ? text.replaceAll('\n', '\r\n') : text);
      const sorted = [...reporters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      assert.deepEqual(
        parsed,
        sorted.map((r) => ({
          name: r.name,
          timeout: r.timeout,
          liveness: spelled(r.live, 'reporting live', 'reporting non-live'),
          readiness: spelled(r.ready, 'reporting ready', 'reporting non-ready'),
          detail: r.detail,
          live: r.live === true || r.live === '-',
          ready: r.ready === true || r.ready === '-',
        })),
        text,
      );
    }),
    { numRuns: RUNS },
  );
});
