// The bird-ready decision table (README, Readiness rule): the strict window, graceful-restart
// recovery, and disabled peers listed but not counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalicoPeer } from '../../src/bird/index.ts';
import { decideReadiness, peerLabel } from '../../src/checks/readiness.ts';

function peer(
  name: string,
  address: string,
  bgpState: string | null,
  state = 'up',
  info = bgpState ?? '',
  port: number | null = null,
): CalicoPeer {
  return {
    name,
    address,
    port,
    family: address.includes(':') ? 'ipv6' : 'ipv4',
    type: name.startsWith('Mesh_') ? 'mesh' : name.startsWith('Node_') ? 'node' : 'global',
    state,
    bgpState,
    since: '20:13:53',
    info,
    established: bgpState === 'Established',
  };
}

const up2 = peer('Mesh_10_0_0_2', '10.0.0.2', 'Established');
const up3 = peer('Mesh_10_0_0_3', '10.0.0.3', 'Established');
const down4 = peer('Node_10_0_0_4', '10.0.0.4', 'Active', 'start', 'Active Socket: Connection refused');
const down5 = peer('Global_10_0_0_5', '10.0.0.5', 'Connect', 'start', 'Connect');
const disabled = peer('Node_10_0_0_7', '10.0.0.7', null, 'down', '');

const table: Array<[string, Parameters<typeof decideReadiness>[0], string, string, number]> = [
  [
    'one down and graceful-restart recovery, window open: both named',
    { peers: [up2, down4], windowOpen: true, grRecovery: true },
    'fail',
    'BGP not established with 10.0.0.4; graceful restart in progress',
    0,
  ],
  // name, input, status, message, warnings
  ['no peers, window open', { peers: [], windowOpen: true, grRecovery: true }, 'pass', 'no Calico BGP peers configured', 0],
  ['all up, window open', { peers: [up2, up3], windowOpen: true, grRecovery: false }, 'pass', 'BGP established with all 2 peers', 0],
  [
    'one down, window open',
    { peers: [up2, down4, up3, down5], windowOpen: true, grRecovery: false },
    'fail',
    'BGP not established with 10.0.0.4,10.0.0.5',
    0,
  ],
  ['all up but GR, window open', { peers: [up2, up3], windowOpen: true, grRecovery: true }, 'fail', 'graceful restart in progress', 0],
  [
    'one down, window closed',
    { peers: [up2, down4], windowOpen: false, grRecovery: false },
    'warn',
    'BGP established with 1 of 2 peers',
    1,
  ],
  [
    'none up, window closed',
    { peers: [down4, down5], windowOpen: false, grRecovery: false },
    'fail',
    'BGP not established with 10.0.0.4,10.0.0.5',
    0,
  ],
  [
    'GR after the window is a warning',
    { peers: [up2], windowOpen: false, grRecovery: true },
    'warn',
    'BGP established with 1 of 1 peers',
    1,
  ],
  [
    'disabled peer only: listed, not counted',
    { peers: [disabled], windowOpen: true, grRecovery: false },
    'warn',
    'no Calico BGP peers configured',
    1,
  ],
  [
    'disabled peer does not fail the window',
    { peers: [up2, disabled], windowOpen: true, grRecovery: false },
    'warn',
    'BGP established with all 1 peers',
    1,
  ],
];

for (const [name, input, status, message, warnings] of table) {
  test(name, () => {
    const decision = decideReadiness(input);
    assert.equal(decision.status, status);
    assert.equal(decision.message, message);
    assert.equal(decision.warnings.length, warnings, decision.warnings.join('|'));
  });
}

test('a down row with info still counts (calico-node counts it)', () => {
  const refused = peer('Node_10_0_0_4', '10.0.0.4', null, 'down', 'Socket: Connection refused');
  assert.equal(decideReadiness({ peers: [refused], windowOpen: true, grRecovery: false }).status, 'fail');
});

test('peers with ports are named address:port', () => {
  assert.equal(peerLabel({ address: '10.0.0.1', port: 1790, family: 'ipv4' }), '10.0.0.1:1790');
  assert.equal(peerLabel({ address: 'fd00::6', port: 1790, family: 'ipv6' }), '[fd00::6]:1790');
  assert.equal(peerLabel({ address: 'fd00::6', port: null, family: 'ipv6' }), 'fd00::6');
});
