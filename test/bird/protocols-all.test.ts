import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BirdParseError, BirdReplyError, parseProtocolsAll } from '../../src/bird/index.ts';
import type { ProtocolDetail, Reply } from '../../src/bird/index.ts';
import { DAEMONS, fixtureBytes, fixtureReply } from './fixtures.ts';

const detailsOf = (name: string): Map<string, ProtocolDetail> => parseProtocolsAll(fixtureReply(name));
const peer3 = (prefix: string): string[] =>
  prefix === '1.6/bird-' ? ['Node_10_77_0_3'] : prefix === '1.6/bird6-' ? ['Node_fd77__3'] : ['Node_10_77_0_3', 'Node_fd77__3'];

test('BIRD 1.6 established: neighbour address and AS, no port or local AS lines', () => {
  const details = detailsOf('1.6/bird-show-protocols-all-established.txt');
  assert.deepEqual(
    [...details.keys()],
    [
      'kernel1',
      'device1',
      'direct1',
      'Mesh_10_77_0_2',
      'Node_10_77_0_3',
      'Node_10_77_0_4_port_1790',
      'Global_10_77_0_5',
      'Local_Workload_10_77_0_9',
    ],
  );
  assert.deepEqual(details.get('Node_10_77_0_4_port_1790'), {
    name: 'Node_10_77_0_4_port_1790',
    neighborAddress: '10.77.0.4',
    neighborPort: null,
    neighborAs: 64512,
    localAs: null,
    bgpState: 'Established',
    lastError: null,
    neighborGracefulRestart: false,
    grRecovery: null,
  });
  assert.deepEqual(details.get('kernel1'), {
    name: 'kernel1',
    neighborAddress: null,
    neighborPort: null,
    neighborAs: null,
    localAs: null,
    bgpState: null,
    lastError: null,
    neighborGracefulRestart: false,
    grRecovery: null,
  });
  assert.equal(detailsOf('1.6/bird6-show-protocols-all-established.txt').get('Global_fd77__5')?.neighborAddress, 'fd77::5');
});

test('BIRD 2 established: port and local AS; the Graceful restart capability is not a restart', () => {
  const name = '2/show-protocols-all-established.txt';
  assert.match(fixtureBytes(name).toString(), /\n {7}Graceful restart\n/);
  const details = detailsOf(name);
  assert.equal(details.size, 14);
  assert.deepEqual(details.get('Node_fd77__4_port_1790'), {
    name: 'Node_fd77__4_port_1790',
    neighborAddress: 'fd77::4',
    neighborPort: 1790,
    neighborAs: 64512,
    localAs: 64512,
    bgpState: 'Established',
    lastError: null,
    neighborGracefulRestart: false,
    grRecovery: null,
  });
  assert.equal(details.get('Global_10_77_0_5')?.neighborAs, 65005);
  assert.equal([...details.values()].filter((d) => d.neighborGracefulRestart).length, 0);
});

test("a peer's graceful restart: exactly the SIGKILLed peer, with its last error", () => {
  for (const { prefix } of DAEMONS) {
    const details = detailsOf(`${prefix}show-protocols-all-peer-gr.txt`);
    const restarting = [...details.values()].filter((d) => d.neighborGracefulRestart);
    assert.deepEqual(
      restarting.map((d) => d.name),
      peer3(prefix),
      prefix,
    );
    for (const d of restarting) {
      assert.equal(d.bgpState, 'Active', prefix);
      assert.match(d.lastError ?? '', /^Socket: Connection (closed|refused)$/, prefix);
    }
  }
});

test('local recovery after -R: pending for the peer that is down, waiting for the others', () => {
  const v16 = detailsOf('1.6/bird-show-protocols-all-gr-recovery.txt');
  assert.equal(v16.get('Mesh_10_77_0_2')?.grRecovery, 'pending');
  assert.equal(v16.get('Node_10_77_0_3')?.grRecovery, 'pending waiting');
  assert.equal(v16.get('kernel1')?.grRecovery, 'waiting');
  assert.equal(v16.get('device1')?.grRecovery, null); // printed, but empty: recovered
  const v2 = detailsOf('2/show-protocols-all-gr-recovery.txt');
  assert.equal(v2.get('Mesh_fd77__2')?.grRecovery, 'pending');
  assert.equal(v2.get('Global_fd77__5')?.grRecovery, 'waiting');
  assert.equal(v2.get('direct1')?.grRecovery, null); // two channels, both empty
  assert.equal(v2.get('Mesh_fd77__2')?.bgpState, 'Passive');
  assert.equal(detailsOf('2/show-protocols-all-established.txt').get('Mesh_fd77__2')?.grRecovery, null);
});

test('mixed states: Down without a last error, others with theirs', () => {
  for (const { prefix } of DAEMONS) {
    const details = [...detailsOf(`${prefix}show-protocols-all-mixed.txt`).values()].filter((d) => d.bgpState !== null);
    const summary = details.map((d) => `${d.bgpState} ${d.lastError ?? '-'}`);
    const oneFamily = [
      'Passive Received: Administrative shutdown',
      'Active Socket: Connection refused',
      'Down -',
      'Connect Received: Administrative shutdown',
      'Established -',
    ];
    assert.deepEqual(summary, prefix.startsWith('1.6/') ? oneFamily : [...oneFamily, ...oneFamily], prefix);
  }
});

test('channel GR flags of several channels are merged', () => {
  const reply: Reply = {
    code: 0,
    lines: [
      { code: 2002, text: 'Name       Proto      Table      State  Since         Info' },
      { code: 1002, text: 'Mesh_10_0_0_2 BGP        ---        up     20:13:53.746  Established' },
      { code: 1006, text: '  BGP state:          Established' },
      { code: 1006, text: '    GR recovery:    waiting' },
      { code: 1006, text: '    GR recovery:    pending' },
      { code: 1006, text: '    Neighbor graceful restart active (extra words)' },
      { code: 1006, text: '' },
      { code: 0, text: '' },
    ],
  };
  const detail = parseProtocolsAll(reply).get('Mesh_10_0_0_2');
  assert.equal(detail?.grRecovery, 'waiting pending');
  assert.equal(detail?.neighborGracefulRestart, false);
});

test('errors: 8003 and 9001 replies, details before any row, a reply to another command', () => {
  assert.throws(
    () => parseProtocolsAll(fixtureReply('2/show-protocols-no-match.txt')),
    (err: unknown) => err instanceof BirdReplyError && err.code === 8003,
  );
  assert.throws(() => parseProtocolsAll(fixtureReply('1.6/bird6-unknown-command.txt')), BirdReplyError);
  assert.throws(() => parseProtocolsAll(fixtureReply('2/show-status.txt')), BirdParseError);
  const orphan: Reply = {
    code: 0,
    lines: [
      { code: 2002, text: 'name proto table state since info' },
      { code: 1006, text: '  BGP state: Active' },
      { code: 0, text: '' },
    ],
  };
  assert.throws(() => parseProtocolsAll(orphan), { message: "unexpected output line from BIRD: '1006-  BGP state: Active'" });
});
