// The `sv status` fallback, taken only when supervise/ is unreadable (EACCES). Root reads
// everything, so the reader runs as `nobody` (setpriv) against a runsv owned by root, whose
// supervise/ is mode 0700: the same situation as a probe running as another user than runsv.
// sv then meets the same wall, so the honest outcome is unknown with sv's own words; a stand-in
// `sv` on PATH (printing a captured line) proves a successful answer is parsed, and a PATH
// without sv proves that case is named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ServiceStatus } from '../../src/runit/supervise.ts';
import { needs, rootMissing } from '../support/needs.ts';
import { nobodyCopy } from '../support/nobody.ts';
import { bashPath, makeRoot, makeService, removeRoot, runitMissing, startRunsv, type Runsv } from '../support/runsv.ts';

const NOBODY = '65534';
// Resolved here: the child's PATH is the one under test and may not reach setpriv.
const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
const skip = needs(
  runitMissing() ?? rootMissing('to read as an unprivileged user') ?? (setpriv === '' ? 'setpriv not in PATH' : undefined),
);
const capturedRun = readFileSync(new URL('../fixtures/runit/running.txt', import.meta.url), 'utf8').trim();

let root = '';
let runsv: Runsv | undefined;

before(async () => {
  if (skip) return;
  root = await makeRoot();
  runsv = await startRunsv(await makeService(root, 'bird', 'exec sleep 1000'));
});
after(async () => {
  await runsv?.stop();
  if (root) await removeRoot(root);
});

/** readServiceStatus(root, 'bird') in a node process running as nobody, with `path` as PATH. */
function readAsNobody(path: string): ServiceStatus {
  const script = `
    const { readServiceStatus } = await import(${JSON.stringify(nobodyCopy().src('src/runit/supervise.ts'))});
    const status = await readServiceStatus(${JSON.stringify(root)}, 'bird', { signal: AbortSignal.timeout(5000) });
    process.stdout.write(JSON.stringify(status));`;
  const result = spawnSync(
    setpriv,
    [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', nobodyCopy().execPath, '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { PATH: path, HOME: '/' }, timeout: 15_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as ServiceStatus;
}

/** A directory nobody can read holding the given executables (name → script, or a symlink target). */
async function binDir(name: string, entries: Record<string, { script?: string; link?: string }>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [file, entry] of Object.entries(entries)) {
    if (entry.link) await symlink(entry.link, join(dir, file));
    else await writeFile(join(dir, file), `#!/bin/sh\n${entry.script ?? ''}\n`, { mode: 0o755 });
  }
  await chmod(dir, 0o755);
  return dir;
}

test('EACCES on supervise/: real sv is asked, and is refused too → unknown with its words', { skip }, () => {
  const status = readAsNobody(process.env.PATH ?? '/usr/bin:/bin');
  assert.equal(status.source, 'sv');
  assert.equal(status.state, 'unknown');
  assert.equal(status.error, 'unable to open supervise/ok: access denied');
  assert.equal(status.raw, `warning: ${join(root, 'bird')}: unable to open supervise/ok: access denied`);
  assert.equal(status.dir, join(root, 'bird'));
});

test('EACCES on supervise/: an sv that answers is parsed (stand-in sv printing a captured line)', { skip }, async () => {
  const bin = await binDir('bin-fake-sv', {
    bash: { link: bashPath() },
    sv: { script: `printf '%s\\n' '${capturedRun}'` },
  });
  const status = readAsNobody(bin);
  assert.equal(status.source, 'sv');
  assert.equal(status.state, 'up');
  assert.equal(status.pid, Number(/\(pid (\d+)\)/.exec(capturedRun)?.[1]));
  assert.equal(status.raw, capturedRun);
  assert.equal(status.service, 'bird');
});

test('EACCES on supervise/ and no sv in PATH → unknown, "sv not found in PATH"', { skip }, async () => {
  const bin = await binDir('bin-no-sv', { bash: { link: bashPath() } });
  const status = readAsNobody(bin);
  assert.deepEqual([status.source, status.state, status.error], ['sv', 'unknown', 'sv not found in PATH']);
});

test('the fallback honours the signal: aborted before sv runs → unknown', { skip }, async () => {
  const { readViaSv } = await import('../../src/runit/sv-fallback.ts');
  const status = await readViaSv(join(root, 'bird'), AbortSignal.abort());
  assert.deepEqual([status.source, status.state, status.timedOut], ['sv', 'unknown', true]);
  assert.match(status.error ?? '', /^deadline reached before running sv status /);
});

test('the fallback kills a hung sv at its own timeout', { skip }, async () => {
  const bin = await binDir('bin-hung-sv', { bash: { link: bashPath() }, sv: { script: 'exec sleep 30' } });
  const script = `
    const { readViaSv } = await import(${JSON.stringify(new URL('../../src/runit/sv-fallback.ts', import.meta.url).href)});
    const started = Date.now();
    const status = await readViaSv('/nonexistent', AbortSignal.timeout(10_000));
    process.stdout.write(JSON.stringify({ ...status, ms: Date.now() - started }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin` },
    timeout: 15_000,
  });
  const status = JSON.parse(result.stdout) as ServiceStatus & { ms: number };
  assert.deepEqual([status.state, status.timedOut], ['unknown', true], 'unfinished: bird-live counts it as failed');
  assert.match(status.error ?? '', /did not answer in time/);
  assert.ok(status.ms < 4000, `took ${status.ms} ms`);
});
