import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peersTargets } from '../../src/cli/peers-targets.ts';

const sockets = { bird: 'b.ctl', bird6: 'b6.ctl' };
const show = (t: ReturnType<typeof peersTargets>) => t.map((x) => `${x.daemon}${x.optional ? '?' : ''}`).join(' ');

test('--family picks the sockets; auto without IP/IP6 asks both, bird6 optional', () => {
  assert.equal(show(peersTargets('ipv4', {}, sockets)), 'bird');
  assert.equal(show(peersTargets('ipv6', {}, sockets)), 'bird6');
  assert.equal(show(peersTargets('dual', {}, sockets)), 'bird bird6');
  assert.equal(show(peersTargets('auto', { ip: undefined, ip6: undefined }, sockets)), 'bird bird6?');
  assert.equal(show(peersTargets('auto', { ip: 'autodetect', ip6: 'none' }, sockets)), 'bird');
  assert.equal(show(peersTargets('auto', { ip: 'none', ip6: 'autodetect' }, sockets)), 'bird6');
  assert.equal(show(peersTargets('auto', { ip: '10.0.0.1', ip6: 'fd00::1' }, sockets)), 'bird bird6');
});

test('one socket named twice is one daemon', () => {
  assert.equal(show(peersTargets('dual', {}, { bird: 'x.ctl', bird6: 'x.ctl' })), 'bird');
});
