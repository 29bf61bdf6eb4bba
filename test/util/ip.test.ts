// ipFamily agrees with node:net's isIP, which it replaces on the probe path, except for zone
// indexes, which it refuses.
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import test from 'node:test';
import fc from 'fast-check';
import { ipFamily } from '../../src/util/ip.ts';

const CASES = [
  '127.0.0.1',
  '10.0.0.4',
  '255.255.255.255',
  '256.0.0.1',
  '1.2.3',
  '01.2.3.4',
  '::1',
  '::',
  'fd00::2',
  'fd00::6',
  '2001:db8::1',
  '::ffff:10.0.0.1',
  '1::2::3',
  'fd00:::2',
  ':::',
  'gggg::1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  'localhost',
  'felix.invalid',
  '',
  ' ::1',
  '::1 ',
  '[::1]',
  'fd00::2/64',
  'fd00__2',
  '10.0.0.1:80',
  '1:2:3:4:5:6:1.2.3.4',
  // URL syntax inside the brackets: userinfo, path, query and fragment markers.
  ':@&#',
  'a:b@c',
  '::1/x',
  '::1?x',
  '::1#x',
];

test('the same family as isIP on addresses, host names and near misses', () => {
  for (const text of CASES) assert.equal(ipFamily(text), isIP(text), JSON.stringify(text));
});

test('zone indexes are refused', () => {
  assert.equal(ipFamily('fe80::1%eth0'), 0);
});

test('generated addresses and strings agree with isIP', () => {
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string(), fc.domain()), (text) => {
      if (text.includes('%')) return;
      assert.equal(ipFamily(text), isIP(text), JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});
