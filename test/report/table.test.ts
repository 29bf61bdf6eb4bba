import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clip, fitWidths, renderTable, type Column } from '../../src/report/table.ts';

const columns: Column[] = [
  { header: 'NAME', shrink: 2, min: 8 },
  { header: 'PORT', align: 'right' },
  { header: 'INFO', shrink: 1, min: 6 },
];
const rows = [
  [{ text: 'Node_10_0_0_6_port_1790' }, { text: '1790' }, { text: 'Socket: Connection refused' }],
  [{ text: 'Mesh_10_0_0_2' }, { text: '179' }, { text: '' }],
];

test('without a width nothing is clipped; right-aligned numbers, no trailing spaces', () => {
  const lines = renderTable(columns, rows);
  assert.deepEqual(lines, [
    'NAME                     PORT  INFO',
    'Node_10_0_0_6_port_1790  1790  Socket: Connection refused',
    'Mesh_10_0_0_2             179',
  ]);
});

test('a narrow terminal shrinks INFO first, then NAME, never below their minimum', () => {
  assert.deepEqual(fitWidths(columns, rows, 45), [23, 4, 14]);
  assert.deepEqual(fitWidths(columns, rows, 30), [16, 4, 6]);
  assert.deepEqual(fitWidths(columns, rows, 10), [8, 4, 6]);
  for (const width of [30, 40, 60]) {
    for (const line of renderTable(columns, rows, width)) assert.ok([...line].length <= width, `${width}: ${line}`);
  }
  assert.match(renderTable(columns, rows, 30)[1] as string, /^Node_10_0_0_6_p… {2}1790 {2}Socke…$/);
});

test('colour is applied after padding, so escape codes never shift columns', () => {
  const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
  const [, line] = renderTable([{ header: 'STATE' }, { header: 'X' }], [[{ text: 'up', paint: red }, { text: 'x' }]]);
  assert.equal(line, '\u001b[31mup   \u001b[39m  x');
});

test('clip keeps code points whole', () => {
  assert.equal(clip('abcdef', 4), 'abc…');
  assert.equal(clip('ab', 4), 'ab');
  assert.equal(clip('😀😀😀', 2), '😀…');
});

test('when shrinking is not enough, hideable columns go, lowest rank first', () => {
  const cols: Column[] = [{ header: 'NAME' }, { header: 'SINCE', hide: 1 }, { header: 'STATE', hide: 2 }];
  const data = [[{ text: 'Mesh_10_0_0_2' }, { text: '21:33:50.735' }, { text: 'up' }]];
  assert.deepEqual(renderTable(cols, data, 22), ['NAME           STATE', 'Mesh_10_0_0_2  up']);
  assert.deepEqual(renderTable(cols, data), ['NAME           SINCE         STATE', 'Mesh_10_0_0_2  21:33:50.735  up']);
});

test('drop: these columns go before any column shrinks', () => {
  const cols: Column[] = [
    { header: 'NAME', shrink: 1 },
    { header: 'AS', drop: 1 },
    { header: 'SINCE', drop: 2 },
  ];
  const data = [[{ text: 'Mesh_10_0_0_2' }, { text: '64512' }, { text: '21:33:50' }]];
  assert.deepEqual(renderTable(cols, data, 24), ['NAME           SINCE', 'Mesh_10_0_0_2  21:33:50']);
  assert.deepEqual(renderTable(cols, data, 14), ['NAME', 'Mesh_10_0_0_2']);
});

test('distinct: a column never shrinks so far that two different values read the same', () => {
  const cols: Column[] = [
    { header: 'NAME', shrink: 1, min: 4, distinct: true },
    { header: 'INFO', shrink: 2, min: 4, distinct: true },
  ];
  const data = [
    [{ text: 'Mesh_10_0_0_20' }, { text: 'Socket: Connection refused' }],
    [{ text: 'Mesh_10_0_0_21' }, { text: 'Socket: Connection closed' }],
  ];
  const lines = renderTable(cols, data, 20);
  const cells = lines.slice(1).map((l) => l.split(/ {2,}/));
  assert.notEqual(cells[0]?.[0], cells[1]?.[0], lines.join('\n'));
  assert.notEqual(cells[0]?.[1], cells[1]?.[1], lines.join('\n'));
  assert.deepEqual(cells, [
    ['Mesh_10_0_0_20', 'Socket: Connection r…'],
    ['Mesh_10_0_0_21', 'Socket: Connection c…'],
  ]);
});
