// Every `timeformat protocol` on every generation, from replies recorded off real daemons
// (test/fixtures/bird/<gen>/<format>/, capture.sh with TIMEFORMAT=…): the since column may be one
// word or several; names, states, BGP states, info, peers and verdicts must not depend on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProtocols, parseProtocolsAll, parseStatus, toCalicoPeer, type ProtocolRow, type Reply } from '../../src/bird/index.ts';
import { decideReadiness } from '../../src/checks/readiness.ts';
import { buildPeerTable } from '../../src/commands/peers/model.ts';
import { DAEMONS, TIME_FORMATS, fixtureReply, inFormat, readFixture, sincePattern, type TimeFormat } from './fixtures.ts';

const FORMATS = Object.keys(TIME_FORMATS) as TimeFormat[];
const withoutSince = (r: ProtocolRow) => ({ ...r, since: '' });
const reply = (prefix: string, format: TimeFormat, name: string): Reply => fixtureReply(inFormat(`${prefix}${name}.txt`, format));

function verdicts(prefix: string, format: TimeFormat, scenario: string) {
  const rows = parseProtocols(reply(prefix, format, `show-protocols-${scenario}`));
  const peers = rows.flatMap((r) => toCalicoPeer(r) ?? []);
  return [true, false].map((windowOpen) => {
    const { status, message, warnings, established } = decideReadiness({ peers, windowOpen, grRecovery: false });
    return { status, message, warnings, established };
  });
}

for (const { prefix } of DAEMONS) {
  for (const format of FORMATS) {
    test(`${prefix}… with timeformat protocol ${TIME_FORMATS[format].setting}: rows, peers and verdicts as with the default`, () => {
      for (const scenario of ['established', 'mixed']) {
        const rows = parseProtocols(reply(prefix, format, `show-protocols-${scenario}`));
        const base = parseProtocols(reply(prefix, 'default', `show-protocols-${scenario}`));
        assert.deepEqual(rows.map(withoutSince), base.map(withoutSince), `${format} ${scenario}`);
        for (const row of rows) assert.match(row.since, sincePattern(format, prefix), `${format} ${scenario} ${row.name}`);
        assert.deepEqual(verdicts(prefix, format, scenario), verdicts(prefix, 'default', scenario), `${format} ${scenario}`);
        // `show protocols all` rows carry the same since column: the details must not move either.
        const all = parseProtocolsAll(reply(prefix, format, `show-protocols-all-${scenario}`));
        const baseAll = parseProtocolsAll(reply(prefix, 'default', `show-protocols-all-${scenario}`));
        assert.deepEqual([...all.keys()], [...baseAll.keys()]);
        for (const [name, detail] of all) {
          const b = baseAll.get(name);
          assert.deepEqual({ ...detail, lastError: null }, { ...b, lastError: null }, `${format} ${scenario} ${name}`);
        }
        const status = parseStatus(reply(prefix, format, 'show-status'));
        const peersTable = buildPeerTable(rows, all, status);
        const basePeers = buildPeerTable(base, baseAll, parseStatus(reply(prefix, 'default', 'show-status')));
        const strip = (t: typeof peersTable) => ({ ...t, peers: t.peers.map((p) => ({ ...p, since: '' })) });
        assert.deepEqual(strip(peersTable), strip(basePeers), `${format} ${scenario} peers`);
      }
    });
  }
  test(`${prefix}… answers restrict with 0016 in every format, then the queries as usual`, () => {
    for (const format of FORMATS) {
      const { replies, banner } = readFixture(inFormat(`${prefix}session-restrict-protocols-status.txt`, format));
      assert.match(banner ?? '', /^BIRD /);
      assert.equal(replies.length, 3, format);
      assert.deepEqual(replies[0], { code: 16, lines: [{ code: 16, text: 'Access restricted' }] }, format);
      assert.ok(parseProtocols(replies[1] as Reply).length > 0, format);
      assert.equal(parseStatus(replies[2] as Reply).state, 'Daemon is up and running', format);
    }
  });
}

test('a since column of several words, padded or not, is cut at the two spaces BIRD writes after it', () => {
  const row = (text: string) =>
    parseProtocols({
      code: 0,
      lines: [
        { code: 2002, text: 'Name Proto Table State Since Info' },
        { code: 1002, text },
        { code: 0, text: '' },
      ],
    })[0];
  assert.deepEqual(row('Mesh_10_0_0_2 BGP --- up     2024-03-08 15:13:49  Established   '), {
    name: 'Mesh_10_0_0_2',
    proto: 'BGP',
    table: '---',
    state: 'up',
    since: '2024-03-08 15:13:49',
    info: 'Established',
    bgpState: 'Established',
    lastError: '',
  });
  assert.equal(
    row('Node_10_0_0_3 BGP --- start  08 Mar 2024 15:13:49  Active        Socket: Connection refused')?.lastError,
    'Socket: Connection refused',
  );
  const disabled = row('Node_10_0_0_4 BGP --- down   2024-03-08 15:13:49  ');
  assert.deepEqual([disabled?.since, disabled?.info, disabled?.bgpState], ['2024-03-08 15:13:49', '', null]);
  // Single spaces only (no daemon writes this, hand-made tables do): since is one word, as before.
  assert.deepEqual(row('Mesh_10_0_0_2 BGP master up 20:13:53 Established')?.bgpState, 'Established');
});
