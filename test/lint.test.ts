// The formatter and linter npm test runs (Biome, .ci/biome.json): the tree passes, and the same
// configuration rejects a mis-formatted file, so `npm run lint` is a check that can fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIOME = join(ROOT, 'node_modules', '.bin', 'biome');

function biomeCheck(cwd: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(BIOME, ['check', ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the whole tree passes npm run lint', () => {
  const { status, output } = biomeCheck(ROOT, ['--config-path', '.ci', 'src', 'test', 'bin']);
  assert.equal(status, 0, output);
});

test('the configuration rejects a mis-formatted file and accepts it once formatted', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'calico-probe-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  copyFileSync(join(ROOT, '.ci', 'biome.json'), join(dir, 'biome.json'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'sample.ts'), 'export const  answer = {value:42}\n');
  const bad = biomeCheck(dir, ['src']);
  assert.equal(bad.status, 1, bad.output);
  assert.match(bad.output, /format|Formatter/i);
  writeFileSync(join(dir, 'src', 'sample.ts'), 'export const answer = { value: 42 };\n');
  const good = biomeCheck(dir, ['src']);
  assert.equal(good.status, 0, good.output);
});
