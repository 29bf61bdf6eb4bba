// The peer table built from recorded replies of real BIRD 1.6 and BIRD 2 daemons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProtocols, parseProtocolsAll, parseStatus } from '../../../src/bird/index.ts';
import { buildPeerTable, conditionOf, type PeerEntry } from '../../../src/commands/peers/model.ts';
import { fixtureReply } from '../../bird/fixtures.ts';

/** `prefix` is `1.6/bird-`, `1.6/bird6-` or `2/`; `scenario` one of the fixture scenarios. */
function table(prefix: string, scenario: string, status = 'show-status') {
  return buildPeerTable(
    parseProtocols(fixtureReply(`${prefix}show-protocols-${scenario}.txt`)),
    parseProtocolsAll(fixtureReply(`${prefix}show-protocols-all-${scenario}.txt`)),
    parseStatus(fixtureReply(`${prefix}${status}.txt`)),
  );
}

const brief = (p: PeerEntry) =>
  [p.name, p.address, p.port, p.family, p.type, p.as, p.bgpState, p.condition, p.info, p.gracefulRestart].join(' ');

test('BIRD 1.6 mixed: every BGP protocol, address and AS from show protocols all, the last error', () => {
  const t = table('1.6/bird-', 'mixed');
  assert.deepEqual(t.peers.map(brief), [
    'Mesh_10_77_0_2 10.77.0.2 179 ipv4 mesh 64512 Passive down Received: Administrative shutdown false',
    'Node_10_77_0_3 10.77.0.3 179 ipv4 node 65003 Active down Socket: Connection refused false',
    'Node_10_77_0_4_port_1790 10.77.0.4 1790 ipv4 node 64512  down  false',
    'Global_10_77_0_5 10.77.0.5 179 ipv4 global 65005 Connect transitional Received: Administrative shutdown false',
    // Not a Calico peer: listed, typed other; BIRD 1.6 does not print ports, so none is claimed.
    'Local_Workload_10_77_0_9 10.77.0.9  ipv4 other 65009 Established established  false',
  ]);
  assert.deepEqual([t.established, t.calicoPeers, t.grRecovery], [0, 4, null]);
});

test('BIRD 2 established: both families in one table, the port from Neighbor port', () => {
  const t = table('2/', 'established');
  const port = t.peers.find((p) => p.name === 'Node_fd77__4_port_1790');
  assert.deepEqual([port?.address, port?.port, port?.family], ['fd77::4', 1790, 'ipv6']);
  // BIRD 2 prints Neighbor port only when it is not 179: a workload peer without it is on 179.
  assert.equal(t.peers.find((p) => p.name === 'Local_Workload_10_77_0_9')?.port, 179);
  assert.deepEqual(new Set(t.peers.map((p) => p.family)), new Set(['ipv4', 'ipv6']));
  assert.equal(t.calicoPeers, 8);
  assert.equal(t.established, 8);
  assert.ok(
    t.peers.every((p) => !p.gracefulRestart),
    'the Graceful restart capability is not a restart',
  );
});

test("a peer's graceful restart: exactly the SIGKILLed peer, shown as transitional", () => {
  for (const prefix of ['1.6/bird-', '1.6/bird6-', '2/', '3/']) {
    const restarting = table(prefix, 'peer-gr').peers.filter((p) => p.gracefulRestart);
    assert.ok(restarting.length > 0 && restarting.every((p) => /^Node_(10_77_0|fd77_)_?3$/.test(p.name)), prefix);
    assert.ok(
      restarting.every((p) => p.condition === 'transitional'),
      prefix,
    );
  }
});

test('local graceful-restart recovery: the 0024 block in the summary, per-protocol flags in rows', () => {
  const t = table('2/', 'gr-recovery', 'show-status-gr-recovery');
  assert.deepEqual(t.grRecovery, [
    'Graceful restart recovery in progress',
    'Waiting for 5 channels to recover',
    'Wait timer is 238.942/240',
  ]);
  assert.equal(t.peers.find((p) => p.name === 'Mesh_fd77__2')?.grRecovery, 'pending');
  const v16 = table('1.6/bird-', 'gr-recovery', 'show-status-gr-recovery');
  assert.ok(v16.grRecovery !== null);
});

test('no BGP protocols: an empty table', () => {
  const rows = parseProtocols(fixtureReply('2/show-protocols-no-bgp.txt'));
  const t = buildPeerTable(rows, new Map(), parseStatus(fixtureReply('2/show-status.txt')));
  assert.deepEqual([t.peers, t.established, t.calicoPeers], [[], 0, 0]);
});

test('conditions: Established up; opening or peer GR transitional; the rest down', () => {
  assert.equal(conditionOf('Established', false), 'established');
  for (const s of ['Connect', 'OpenSent', 'OpenConfirm']) assert.equal(conditionOf(s, false), 'transitional');
  for (const s of ['Active', 'Passive', 'Idle', null]) assert.equal(conditionOf(s, false), 'down');
  assert.equal(conditionOf('Active', true), 'transitional');
});
