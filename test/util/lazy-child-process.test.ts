// The stand-in for node:child_process in the bundle: nothing loaded until a function is called,
// then the real module does the work.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const SHIM = fileURLToPath(new URL('../../src/util/lazy-child-process.ts', import.meta.url));

function inFreshProcess(body: string): string {
  const script = `const shim = await import(${JSON.stringify(SHIM)});\n${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

test('importing it loads no child_process', () => {
  const out = inFreshProcess("process.stdout.write(String(process.moduleLoadList.includes('NativeModule child_process')));");
  assert.equal(out, 'false');
});

test('a call loads the real module and runs it: named and default exports alike', () => {
  const out = inFreshProcess(`
    const echo = [process.execPath, ['-e', 'process.stdout.write("ran")'], { encoding: 'utf8' }];
    const named = shim.execFileSync(...echo);
    const viaDefault = shim.default.spawnSync(...echo).stdout;
    process.stdout.write(JSON.stringify([named, viaDefault, process.moduleLoadList.includes('NativeModule child_process')]));`);
  assert.deepEqual(JSON.parse(out), ['ran', 'ran', true]);
});
