import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BirdParseError, BirdReplyError, parseStatus } from '../../src/bird/index.ts';
import type { Reply } from '../../src/bird/index.ts';
import { fixtureReply, readFixture } from './fixtures.ts';

const UP = 'Daemon is up and running';

test('BIRD 1.6 show status, bird and bird6', () => {
  for (const name of ['1.6/bird-show-status.txt', '1.6/bird6-show-status.txt']) {
    assert.deepEqual(
      parseStatus(fixtureReply(name)),
      {
        version: '1.6.8',
        generation: 1,
        routerId: '10.77.0.1',
        hostname: null,
        serverTime: '2026-11-21 21:08:28',
        lastReboot: '2026-11-21 21:08:27',
        lastReconfiguration: '2026-11-21 21:08:27',
        grRecovery: null,
        state: UP,
      },
      name,
    );
  }
});

test('BIRD 2 show status adds the hostname and milliseconds', () => {
  assert.deepEqual(parseStatus(fixtureReply('2/show-status.txt')), {
    version: '2.0.12',
    generation: 2,
    routerId: '10.77.0.1',
    hostname: 'cpbird-node',
    serverTime: '2026-11-21 21:08:38.379',
    lastReboot: '2026-11-21 21:08:35.338',
    lastReconfiguration: '2026-11-21 21:08:35.338',
    grRecovery: null,
    state: UP,
  });
});

test('BIRD 3 show status: the hostname line among the 1011 facts, generation 3', () => {
  const status = parseStatus(fixtureReply('3/show-status.txt'));
  assert.equal(status.version, '3.3.2');
  assert.equal(status.generation, 3);
  assert.equal(status.hostname, 'cpbird-node');
  assert.match(status.serverTime ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
  assert.equal(status.grRecovery, null);
  assert.equal(status.state, UP);
});

test('the 0024 block of a daemon recovering after a restart with -R', () => {
  const v16 = parseStatus(fixtureReply('1.6/bird6-show-status-gr-recovery.txt'));
  assert.deepEqual(v16.grRecovery, {
    lines: ['Graceful restart recovery in progress', 'Waiting for 5 protocols to recover', 'Wait timer is 239/240'],
    waitingFor: 5,
    waitingForUnit: 'protocols',
    waitTimerSeconds: 239,
    waitTimerLimitSeconds: 240,
  });
  assert.equal(v16.lastReboot, '2026-11-21 21:08:32');
  assert.equal(v16.state, UP);
  const v2 = parseStatus(fixtureReply('2/show-status-gr-recovery.txt'));
  assert.deepEqual(v2.grRecovery, {
    lines: ['Graceful restart recovery in progress', 'Waiting for 5 channels to recover', 'Wait timer is 238.942/240'],
    waitingFor: 5,
    waitingForUnit: 'channels',
    waitTimerSeconds: 238.942,
    waitTimerLimitSeconds: 240,
  });
  const v3 = parseStatus(fixtureReply('3/show-status-gr-recovery.txt'));
  assert.equal(v3.generation, 3);
  assert.equal(v3.grRecovery?.waitingForUnit, 'channels');
  assert.ok((v3.grRecovery?.waitingFor ?? 0) > 0);
  assert.ok((v3.grRecovery?.waitTimerSeconds ?? -1) >= 0 && v3.grRecovery?.waitTimerLimitSeconds === 240);
});

test('the second reply of a session is the status', () => {
  const { replies } = readFixture('2/session-protocols-status.txt');
  assert.equal(parseStatus(replies[1] as Reply).serverTime, '2026-11-21 21:08:38.563');
});

test("calico's fork reports its own version string", () => {
  const reply: Reply = {
    code: 13,
    lines: [
      { code: 1000, text: 'BIRD v0.3.3+birdv1.6.8' },
      { code: 1011, text: 'Router ID is 10.0.0.1' },
      { code: 1011, text: 'Some fact a newer BIRD adds' },
      { code: 13, text: 'Reconfiguration in progress' },
    ],
  };
  const status = parseStatus(reply);
  assert.equal(status.version, 'v0.3.3+birdv1.6.8');
  assert.equal(status.generation, 1);
  assert.equal(status.routerId, '10.0.0.1');
  assert.equal(status.state, 'Reconfiguration in progress');
});

test('8xxx/9xxx become BirdReplyError; other endings and 8xxx/9xxx lines BirdParseError; other unknown codes are skipped', () => {
  assert.throws(
    () => parseStatus(fixtureReply('1.6/bird-unknown-command.txt')),
    (err: unknown) =>
      err instanceof BirdReplyError && err.code === 9001 && err.message === "unexpected output line from BIRD: '9001 syntax error'",
  );
  assert.throws(
    () => parseStatus(fixtureReply('2/show-protocols-established.txt')),
    (err: unknown) => err instanceof BirdParseError && err.message === "unexpected output line from BIRD: '0000 '",
  );
  const later: Reply = {
    code: 13,
    lines: [
      { code: 1000, text: 'BIRD 3.4.0' },
      { code: 1018, text: 'Routing tables: 1 kB' },
      { code: 1011, text: 'Router ID is 10.0.0.1' },
      { code: 1099, text: 'Some block a later BIRD adds' },
      { code: 25, text: 'Something else in progress' },
      { code: 13, text: UP },
    ],
  };
  const status = parseStatus(later);
  assert.equal(status.routerId, '10.0.0.1');
  assert.equal(status.generation, 3);
  assert.equal(status.state, UP);
  const refused: Reply = {
    code: 13,
    lines: [
      { code: 8001, text: 'Not quite' },
      { code: 13, text: UP },
    ],
  };
  assert.throws(
    () => parseStatus(refused),
    (err: unknown) => err instanceof BirdParseError && err.line === '8001-Not quite',
  );
});
