// The confd → BIRD sync layer's pure parts and its file handling: BIRD's local times (1.6 to
// the second, 2 and 3 with milliseconds), include lines, and the newest of the rendered files.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { confdSync, GRACE_MS, includesOf, parseBirdTime } from '../../src/checks/confd-sync.ts';

test("BIRD's times are local, without a zone: 1.6 to the second, 2 and 3 with milliseconds", () => {
  assert.equal(parseBirdTime('2026-12-03 07:40:01'), new Date(2026, 11, 3, 7, 40, 1).getTime());
  assert.equal(parseBirdTime('2026-12-03 07:40:01.123'), new Date(2026, 11, 3, 7, 40, 1, 123).getTime());
  assert.equal(parseBirdTime('2026-12-03 07:40:01.123456'), new Date(2026, 11, 3, 7, 40, 1, 123).getTime());
  for (const bad of ['', '07:40:01', '03-12-2026 07:40:01', '2026-12-03', 'yesterday']) assert.equal(parseBirdTime(bad), undefined, bad);
});

test('include lines resolve against the including file; globs are left alone', () => {
  const cfg =
    'include "bird_aggr.cfg";\n  include "/etc/calico/confd/config/bird_ipam.cfg";\n# include "commented.cfg";\ninclude "custom/*.cfg";\n';
  assert.deepEqual(includesOf(cfg, '/etc/calico/confd/config/bird.cfg'), [
    '/etc/calico/confd/config/bird_aggr.cfg',
    '/etc/calico/confd/config/bird_ipam.cfg',
  ]);
});

test('the newest rendered file decides; no directory or no file: skipped, and -v says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-confd-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const at = (path: string, ms: number) => utimesSync(path, ms / 1000, ms / 1000);
  const reconf = new Date(2026, 11, 3, 7, 40, 1).getTime();
  writeFileSync(join(dir, 'bird.cfg'), 'include "bird_ipam.cfg";\n');
  writeFileSync(join(dir, 'bird_ipam.cfg'), '');
  at(join(dir, 'bird.cfg'), reconf - 5000);
  at(join(dir, 'bird_ipam.cfg'), reconf + 999);
  assert.equal((await confdSync(dir, 'bird.cfg', '2026-12-03 07:40:01')).state, 'in-sync', 'within the grace: same second');
  at(join(dir, 'bird_ipam.cfg'), reconf + GRACE_MS + 1000);
  const stale = await confdSync(dir, 'bird.cfg', '2026-12-03 07:40:01');
  assert.equal(stale.state, 'stale');
  assert.match(
    stale.state === 'stale' ? stale.message : '',
    /^BIRD has not loaded confd's latest config: .*bird_ipam\.cfg written 2026-12-03 07:40:04\.000, 3s after BIRD last reconfigured \(2026-12-03 07:40:01\)$/,
  );
  const none = await confdSync(join(dir, 'absent'), 'bird.cfg', '2026-12-03 07:40:01');
  assert.deepEqual([none.state, none.layer.skipped], ['skipped', true]);
  assert.match(none.layer.detail, /^no confd directory .*absent: BIRD's sync with confd not checked$/);
  assert.equal((await confdSync(dir, 'bird6.cfg', '2026-12-03 07:40:01')).state, 'skipped');
  assert.equal((await confdSync(dir, 'bird.cfg', null)).state, 'skipped');
});
