import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProtocols, toCalicoPeer } from '../../src/bird/index.ts';
import type { CalicoPeer, ProtocolRow } from '../../src/bird/index.ts';
import { DAEMONS, fixtureReply } from './fixtures.ts';

const peersOf = (name: string): CalicoPeer[] => parseProtocols(fixtureReply(name)).flatMap((row) => toCalicoPeer(row) ?? []);
const brief = (p: CalicoPeer): string =>
  `${p.type} ${p.family} ${p.address}${p.port === null ? '' : ` port ${p.port}`} ${p.established ? 'up' : 'not-up'}`;

const V4 = ['mesh ipv4 10.77.0.2', 'node ipv4 10.77.0.3', 'node ipv4 10.77.0.4 port 1790', 'global ipv4 10.77.0.5'];
const V6 = ['mesh ipv6 fd77::2', 'node ipv6 fd77::3', 'node ipv6 fd77::4 port 1790', 'global ipv6 fd77::5'];
const FAMILIES: Record<string, string[]> = { '1.6/bird-': V4, '1.6/bird6-': V6, '2/': [...V4, ...V6], '3/': [...V4, ...V6] };
const withState = (peers: string[], up: (p: string) => boolean): string[] => peers.map((p) => `${p} ${up(p) ? 'up' : 'not-up'}`);
/** The Node_…_3 peer was SIGKILLed for the peer-gr fixtures. */
const notPeer3 = (p: string): boolean => !/(\.|::)3$/.test(p.split(' ')[2] ?? '');

test('Calico peers of every recorded table: Local_Workload_ and non-BGP rows excluded', () => {
  for (const { prefix } of DAEMONS) {
    const all = FAMILIES[prefix] ?? [];
    assert.deepEqual(
      peersOf(`${prefix}show-protocols-established.txt`).map(brief),
      withState(all, () => true),
      prefix,
    );
    // Mesh Passive, Node Active, the port-1790 peer disabled, Global Connect: none established.
    assert.deepEqual(
      peersOf(`${prefix}show-protocols-mixed.txt`).map(brief),
      withState(all, () => false),
      prefix,
    );
    assert.deepEqual(peersOf(`${prefix}show-protocols-peer-gr.txt`).map(brief), withState(all, notPeer3), prefix);
    assert.deepEqual(peersOf(`${prefix}show-protocols-no-bgp.txt`), [], prefix);
  }
});

test('BIRD 1.6 recovering (-R) shows `wait` in the state column: still Established', () => {
  const peers = peersOf('1.6/bird-show-protocols-gr-recovery.txt');
  const node3 = peers.find((p) => p.name === 'Node_10_77_0_3');
  assert.equal(node3?.state, 'wait');
  assert.equal(node3?.established, true);
  assert.deepEqual(
    peers.map((p) => p.established),
    [false, true, true, true],
  );
});

test('a peer carries its row: state, BGP state, since, info', () => {
  const [mesh] = peersOf('2/show-protocols-mixed.txt');
  assert.deepEqual(
    { ...mesh, since: '' },
    {
      name: 'Mesh_10_77_0_2',
      address: '10.77.0.2',
      port: null,
      family: 'ipv4',
      type: 'mesh',
      state: 'start',
      bgpState: 'Passive',
      since: '',
      info: 'Passive Received: Administrative shutdown',
      established: false,
    },
  );
  const disabled = peersOf('1.6/bird6-show-protocols-mixed.txt').find((p) => p.port === 1790);
  assert.deepEqual([disabled?.address, disabled?.state, disabled?.bgpState, disabled?.info], ['fd77::4', 'down', null, '']);
});

const row = (name: string, overrides: Partial<ProtocolRow> = {}): ProtocolRow => ({
  name,
  proto: 'BGP',
  table: 'master',
  state: 'up',
  since: '20:13:53',
  info: 'Established',
  bgpState: 'Established',
  lastError: '',
  ...overrides,
});

test('names decode to address, port, family and type, or to null', () => {
  const cases: [string, string | null][] = [
    ['Mesh_10_0_0_2', 'mesh ipv4 10.0.0.2'],
    ['Node_10_0_0_4_port_1790', 'node ipv4 10.0.0.4 port 1790'],
    ['Global_10_0_0_5', 'global ipv4 10.0.0.5'],
    ['Global_192_168_10_5_port_179', 'global ipv4 192.168.10.5 port 179'],
    ['Mesh_fd80_24e2_f998_72d7__2', 'mesh ipv6 fd80:24e2:f998:72d7::2'],
    ['Node_fd80__4_port_1790', 'node ipv6 fd80::4 port 1790'],
    ['Mesh_2001_db8_0_0_0_0_0_1', 'mesh ipv6 2001:db8:0:0:0:0:0:1'],
    ['Local_Workload_10_0_0_9', null],
    ['Local_Workload_10_0_0_9_port_1790', null],
    ['Meshd_10_0_0_2', null],
    ['mesh_10_0_0_2', null],
    ['Mesh_', null],
    ['Mesh', null],
    ['Mesh_10_0_0_300', null],
    ['Mesh_10_0_0', null],
    ['Node_10_0_0_4_port_0', null],
    ['Node_10_0_0_4_port_65536', null],
    ['Node_10_0_0_4_port_', null],
    ['Global_not_an_address', null],
    ['kernel1', null],
  ];
  for (const [name, expected] of cases) {
    const peer = toCalicoPeer(row(name));
    assert.equal(peer === null ? null : brief(peer).replace(/ up$/, ''), expected, name);
  }
  assert.equal(toCalicoPeer(row('Mesh_10_0_0_2', { proto: 'Static' })), null);
});

test('established means the BGP state is exactly Established', () => {
  assert.equal(toCalicoPeer(row('Mesh_10_0_0_2', { bgpState: 'established' }))?.established, false);
  assert.equal(toCalicoPeer(row('Mesh_10_0_0_2', { bgpState: 'Established', state: 'wait' }))?.established, true);
  assert.equal(toCalicoPeer(row('Mesh_10_0_0_2', { bgpState: null, state: 'down', info: '' }))?.established, false);
});
