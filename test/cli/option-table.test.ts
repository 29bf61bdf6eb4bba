// parseFlags reads the rows with string methods on every probe and trusts their form; this holds
// every row of the table to that form, so a row written otherwise fails here, not at run time.
import assert from 'node:assert/strict';
import test from 'node:test';
import { OPTION_TABLE, parseFlags } from '../../src/cli/option-table.ts';

const FORM = /^(?:(-[A-Za-z]), )?(--[a-z0-9]+(?:-[a-z0-9]+)*)(?: <([a-z]+(?:-[a-z]+)*)>)?$/;

test('every row of the option table is `[-x, ]--long-name[ <value>]`', () => {
  const bad = OPTION_TABLE.map((row) => row.flags).filter((flags) => !FORM.test(flags));
  assert.deepEqual(bad, []);
});

test('parseFlags reads each row as commander does: short, long, value name, negation, camel-cased key', () => {
  for (const { flags } of OPTION_TABLE) {
    const [, short, long = '', value] = FORM.exec(flags) ?? [];
    const negate = long.startsWith('--no-');
    const key = long.slice(negate ? 5 : 2).replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    assert.deepEqual(parseFlags(flags), { short, long, value, negate, key }, flags);
  }
  assert.deepEqual(parseFlags('-o, --output <format>'), { short: '-o', long: '--output', value: 'format', negate: false, key: 'output' });
  assert.deepEqual(parseFlags('--bird6-socket <path>'), {
    short: undefined,
    long: '--bird6-socket',
    value: 'path',
    negate: false,
    key: 'bird6Socket',
  });
  assert.deepEqual(parseFlags('--no-color'), { short: undefined, long: '--no-color', value: undefined, negate: true, key: 'color' });
});
