import { test } from 'node:test';
import assert from 'node:assert/strict';
import { birdGeneration, generationLabel } from '../../src/bird/index.ts';
import { DAEMONS, readFixture } from './fixtures.ts';

test('banners and versions as BIRD and its forks write them name their generation', () => {
  const cases: [string, 1 | 2 | 3 | null][] = [
    ['BIRD 1.6.8 ready.', 1],
    ['BIRD 1.6.8', 1],
    ['BIRD v0.3.3+birdv1.6.8 ready.', 1],
    ['v0.3.3+birdv1.6.8', 1],
    ['BIRD v2.0.7', 2],
    ['BIRD v2.0.7 ready.', 2],
    ['BIRD v2.0.9-11-g207ac485', 2],
    ['BIRD 2.0.12 ready.', 2],
    ['BIRD 2.16.1', 2],
    ['BIRD 3.3.2', 3],
    ['BIRD 3.3.2 ready.', 3],
    ['3.0alpha0', 3],
    ['BIRD 4.0.0', null],
    ['BIRD v0.3.3', null],
    ['not BIRD at all', null],
    ['', null],
  ];
  for (const [text, generation] of cases) assert.equal(birdGeneration(text), generation, text);
});

test('every recorded banner names the generation it came from', () => {
  for (const { prefix, banner } of DAEMONS) {
    const recorded = readFixture(`${prefix}show-status.txt`).banner;
    assert.equal(recorded, banner);
    const expected = prefix.startsWith('1.6/') ? 1 : prefix.startsWith('2/') ? 2 : 3;
    assert.equal(birdGeneration(recorded ?? ''), expected, prefix);
  }
});

test('generation labels', () => {
  assert.deepEqual(
    [1, 2, 3, null].map((g) => generationLabel(g as 1 | 2 | 3 | null)),
    ['BIRD 1.6', 'BIRD 2', 'BIRD 3', 'BIRD'],
  );
});
