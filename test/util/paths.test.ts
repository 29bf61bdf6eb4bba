import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childPath, parentDir } from '../../src/util/paths.ts';

test('parentDir drops the last component, down to the root', () => {
  assert.equal(parentDir('/usr/lib/calico-probe/bin'), '/usr/lib/calico-probe');
  assert.equal(parentDir('/bin'), '/');
  assert.equal(parentDir('/'), '/');
});

test('childPath joins a name onto a directory with one slash, whether or not the directory ends in one', () => {
  assert.equal(childPath('/etc/service/enabled', 'bird'), '/etc/service/enabled/bird');
  assert.equal(childPath('/etc/service/enabled/', 'bird'), '/etc/service/enabled/bird');
  assert.equal(childPath('/', 'tmp'), '/tmp');
  assert.equal(childPath('relative/dir', 'bird.cfg'), 'relative/dir/bird.cfg');
});
