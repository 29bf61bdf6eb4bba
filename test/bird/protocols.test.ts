import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BirdParseError, BirdReplyError, parseProtocols } from '../../src/bird/index.ts';
import type { ProtocolRow, Reply } from '../../src/bird/index.ts';
import { EXPECTED_ROWS } from './expected-rows.ts';
import { DAEMONS, fixtureReply, readFixture } from './fixtures.ts';

const brief = (r: ProtocolRow): string => `${r.name} ${r.proto} ${r.table} ${r.state} ${r.bgpState ?? '-'} | ${r.lastError}`;

/** A reply built from lines, for shapes no daemon would send. */
const reply = (code: number, ...lines: [number, string][]): Reply => ({
  code,
  lines: lines.map(([c, text]) => ({ code: c, text })),
});

test('every recorded show protocols parses into the expected rows, 1.6, 2 and 3 layouts', () => {
  assert.equal(Object.keys(EXPECTED_ROWS).length, 20);
  for (const [name, expected] of Object.entries(EXPECTED_ROWS)) {
    const rows = parseProtocols(fixtureReply(name));
    assert.deepEqual(rows.map(brief), expected, name);
    const since = !name.startsWith('1.6/') ? /^\d\d:\d\d:\d\d\.\d{3}$/ : /^\d\d:\d\d:\d\d$/;
    for (const row of rows) assert.match(row.since, since, `${name} ${row.name}`);
  }
});

test('info is everything after since, joined by single spaces; padding never leaks', () => {
  for (const { prefix } of DAEMONS) {
    const rows = parseProtocols(fixtureReply(`${prefix}show-protocols-mixed.txt`));
    const byKind = (re: RegExp): ProtocolRow | undefined => rows.find((r) => re.test(r.name));
    assert.equal(byKind(/^Mesh_/)?.info, 'Passive Received: Administrative shutdown', prefix);
    assert.equal(byKind(/^Local_Workload_/)?.info, 'Established', prefix);
    assert.equal(byKind(/^kernel1$/)?.info, '', prefix);
  }
});

test('a disabled BGP peer is kept: down, empty info, no BGP state (calico-node drops it)', () => {
  for (const { prefix } of DAEMONS) {
    const rows = parseProtocols(fixtureReply(`${prefix}show-protocols-mixed.txt`));
    const disabled = rows.filter((r) => r.name.endsWith('_port_1790'));
    assert.equal(disabled.length, prefix.startsWith('1.6/') ? 1 : 2, prefix);
    for (const row of disabled) {
      assert.deepEqual({ ...row, since: '' }, { ...row, since: '', proto: 'BGP', state: 'down', info: '', bgpState: null, lastError: '' });
    }
  }
});

test('a down row keeps its error as lastError, with no BGP state', () => {
  const [row] = parseProtocols(
    reply(
      0,
      [2002, 'name     proto    table    state  since       info'],
      [1002, 'Node_10_0_0_4 BGP      master   down   20:14:05    Socket: Connection refused'],
      [0, ''],
    ),
  );
  assert.deepEqual(row, {
    name: 'Node_10_0_0_4',
    proto: 'BGP',
    table: 'master',
    state: 'down',
    since: '20:14:05',
    info: 'Socket: Connection refused',
    bgpState: null,
    lastError: 'Socket: Connection refused',
  });
});

test('the session fixture answers show protocols and then show status on one connection', () => {
  for (const { prefix } of DAEMONS) {
    const { replies } = readFixture(`${prefix}session-protocols-status.txt`);
    assert.equal(replies.length, 2);
    const rows = parseProtocols(replies[0] as Reply);
    assert.equal(rows.filter((r) => r.bgpState === 'Established').length, prefix.startsWith('1.6/') ? 5 : 10, prefix);
  }
});

test('8xxx and 9xxx replies become BirdReplyError with calico-node wording', () => {
  const cases: [string, number, string][] = [
    ['1.6/bird-show-protocols-no-match.txt', 8003, '8003 No protocols match'],
    ['2/show-protocols-no-match.txt', 8003, '8003 No protocols match'],
    ['1.6/bird6-show-protocols-unknown-name.txt', 9002, '9002 Nope is not a protocol'],
    ['2/unknown-command.txt', 9001, '9001 syntax error, unexpected CF_SYM_UNDEFINED'],
  ];
  for (const [name, code, line] of cases) {
    assert.throws(
      () => parseProtocols(fixtureReply(name)),
      (err: unknown) =>
        err instanceof BirdReplyError &&
        err.code === code &&
        err.line === line &&
        err.message === `unexpected output line from BIRD: '${line}'`,
      name,
    );
  }
});

test('a reply to another command, or an unknown heading, is a BirdParseError', () => {
  assert.throws(() => parseProtocols(fixtureReply('1.6/bird-show-status.txt')), {
    name: 'BirdParseError',
    message: "unexpected output line from BIRD: '0013 Daemon is up and running'",
  });
  assert.throws(
    () => parseProtocols(fixtureReply('2/show-protocols-all-established.txt')),
    (err: unknown) => err instanceof BirdParseError && err.line === '1006-' && err.message === "unexpected output line from BIRD: '1006-'",
  );
  assert.throws(() => parseProtocols(reply(0, [2002, 'name proto table state since'], [0, ''])), {
    message: 'unknown BIRD table output format',
  });
  assert.throws(() => parseProtocols(reply(0, [2002, 'Name Proto Table State Since Info Extra'], [0, ''])), {
    message: 'unknown BIRD table output format',
  });
});

test('rows must follow one heading and have at least five columns', () => {
  const heading: [number, string] = [2002, 'Name       Proto      Table      State  Since         Info'];
  assert.throws(() => parseProtocols(reply(0, [1002, 'kernel1 Kernel master up 20:13:52'], [0, ''])), BirdParseError);
  assert.throws(() => parseProtocols(reply(0, heading, heading, [0, ''])), BirdParseError);
  assert.throws(() => parseProtocols(reply(0, heading, [1002, 'kernel1 Kernel master up'], [0, ''])), {
    message: "protocol row with fewer than 5 columns from BIRD: '1002-kernel1 Kernel master up'",
  });
  assert.deepEqual(parseProtocols(reply(0, heading, [0, ''])), []);
});
