// peers output, text and JSON, from reports built on recorded replies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProtocols, parseProtocolsAll, parseStatus } from '../../../src/bird/index.ts';
import { buildPeerTable } from '../../../src/commands/peers/model.ts';
import type { DaemonReport } from '../../../src/commands/peers/query.ts';
import { peersReport } from '../../../src/commands/peers/render-json.ts';
import { renderPeersText } from '../../../src/commands/peers/render-text.ts';
import { PLAIN } from '../../../src/report/paint.ts';
import { fixtureReply } from '../../bird/fixtures.ts';

function report(scenario: string, status = '1.6/bird-show-status.txt'): DaemonReport {
  const table = buildPeerTable(
    parseProtocols(fixtureReply(`1.6/bird-show-protocols-${scenario}.txt`)),
    parseProtocolsAll(fixtureReply(`1.6/bird-show-protocols-all-${scenario}.txt`)),
    parseStatus(fixtureReply(status)),
  );
  return {
    daemon: 'bird',
    socket: '/run/bird.ctl',
    status: 'pass',
    message: '',
    version: '1.6.8',
    generation: 1,
    families: ['ipv4'],
    routerId: '10.77.0.1',
    table,
  };
}
const refused: DaemonReport = {
  daemon: 'bird6',
  socket: '/run/bird6.ctl',
  status: 'fail',
  message: 'cannot connect to BIRD socket /run/bird6.ctl: connection refused',
  version: null,
  generation: null,
  families: [],
  routerId: null,
  table: null,
};
const text = (reports: DaemonReport[], extra: Partial<Parameters<typeof renderPeersText>[1]> = {}) =>
  renderPeersText(reports, { paint: PLAIN, width: undefined, quiet: false, verbose: false, ...extra });

test('one block per daemon: summary line, table header, a row per BGP protocol', () => {
  const lines = text([report('mixed'), refused]).split('\n');
  assert.equal(lines[0], 'bird: 0/4 established, graceful-restart recovery: no (BIRD 1.6.8, /run/bird.ctl)');
  assert.match(lines[1] as string, /^NAME +ADDRESS +PORT +TYPE +AS +STATE +BGP STATE +SINCE +GR +INFO$/);
  assert.match(lines[3] as string, /^Node_10_77_0_3 +10\.77\.0\.3 +179 +node +65003 +start +Active +\S+ +no +Socket: Connection refused$/);
  assert.match(lines[4] as string, /^Node_10_77_0_4_port_1790 +10\.77\.0\.4 +1790 +node +64512 +down +Down /);
  assert.equal(lines.at(-2), 'bird6: not answering: cannot connect to BIRD socket /run/bird6.ctl: connection refused');
});

test('-q prints only the daemons that did not answer; skipped daemons are dim notes', () => {
  assert.equal(text([report('established')], { quiet: true }), '');
  assert.equal(
    text([report('established'), refused], { quiet: true })
      .trim()
      .split('\n').length,
    1,
  );
  const skipped: DaemonReport = { ...refused, status: 'skipped', message: 'no socket at /run/bird6.ctl' };
  assert.match(text([skipped]), /^bird6: skipped: no socket/);
});

test('text from BIRD cannot drive the terminal', () => {
  const evil = report('mixed');
  const peer = evil.table?.peers[1];
  if (peer) peer.info = 'Socket: \u001b]0;owned\u0007\u001b[2J';
  const out = text([evil], { width: 200 });
  assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f]/);
  assert.match(out, /\\x1b\]0;owned\\x07/);
});

test('a narrow terminal clips cells, the table never wraps', () => {
  for (const line of text([report('mixed')], { width: 80 })
    .split('\n')
    .slice(1, -1))
    assert.ok([...line].length <= 80, line);
});

test('80 columns: AS, STATE, PORT and SINCE go first; two names or infos never read the same', () => {
  const r = report('mixed');
  const peers = r.table?.peers ?? [];
  // Two names that differ only at the end, two errors that differ only at the end.
  Object.assign(peers[0] ?? {}, { name: 'Mesh_10_77_0_22_with_a_long_suffix', info: 'Socket: Connection refused' });
  Object.assign(peers[1] ?? {}, { name: 'Mesh_10_77_0_23_with_a_long_suffix', info: 'Socket: Connection closed' });
  const lines = text([r], { width: 80 }).trimEnd().split('\n');
  assert.match(lines[1] as string, /^NAME +ADDRESS +TYPE +BGP STATE +GR +INFO$/, 'AS, STATE, PORT, SINCE dropped');
  const rows = lines.slice(2).map((l) => l.split(/ {2,}/));
  assert.notEqual(rows[0]?.[0], rows[1]?.[0]);
  assert.notEqual(rows[0]?.at(-1), rows[1]?.at(-1));
  const wide = text([r], { width: 200 }).split('\n');
  assert.match(wide[1] as string, /^NAME +ADDRESS +PORT +TYPE +AS +STATE +BGP STATE +SINCE +GR +INFO$/, 'all columns when they fit');
});

test('JSON: the same data, exit code 1 when a daemon could not be reached', () => {
  const doc = peersReport([report('peer-gr'), refused]);
  assert.deepEqual([doc.schemaVersion, doc.status, doc.exitCode], [1, 'fail', 1]);
  const [bird, bird6] = doc.daemons;
  assert.deepEqual(Object.keys(bird?.peers[0] ?? {}), [
    'name',
    'address',
    'port',
    'family',
    'type',
    'as',
    'state',
    'bgpState',
    'since',
    'info',
    'gracefulRestart',
    'grRecovery',
    'condition',
  ]);
  assert.equal(bird?.peers.find((p) => p.gracefulRestart)?.name, 'Node_10_77_0_3');
  assert.deepEqual([bird6?.status, bird6?.peers, bird6?.established, bird6?.grRecovery], ['fail', [], null, null]);
  // grRecovery: a boolean, as in bird-ready's details; BIRD's words beside it.
  assert.deepEqual([bird?.grRecovery, bird?.grRecoveryLines], [false, []]);
  const recovering = peersReport([report('gr-recovery', '1.6/bird-show-status-gr-recovery.txt')]).daemons[0];
  assert.equal(recovering?.grRecovery, true);
  assert.ok((recovering?.grRecoveryLines.length ?? 0) > 0);
  assert.equal(peersReport([report('established')]).exitCode, 0);
  assert.equal(peersReport([{ ...refused, status: 'skipped' }, report('established')]).exitCode, 0);
  assert.equal(peersReport([{ ...refused, status: 'unknown' }]).exitCode, 3);
});
