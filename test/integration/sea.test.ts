// The single executable (npm run build:sea) on a machine without Node.js: a chroot holding only
// the executable and the shared libraries ldd names, in a private mount namespace with the
// harness's directory bound in at its own path. No node binary exists in there, on PATH or off.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SEA = join(ROOT, `dist/calico-probe-${process.platform}-${process.arch}`);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

let rig: Rig | undefined;
let jail: string | undefined;

before(async () => {
  rig = await startRig();
  if (!rig) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'bin/build-sea.js')], { encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`build:sea failed: ${build.stderr}`);
  jail = makeJail(SEA);
});
after(async () => {
  if (jail) rmSync(jail, { recursive: true, force: true });
  await stopRig(rig);
});

/** A root holding /calico-probe and its shared libraries (with the dynamic loader), nothing else. */
function makeJail(executable: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cp-sea-jail-'));
  copyFileSync(executable, join(root, 'calico-probe'));
  const ldd = spawnSync('ldd', [executable], { encoding: 'utf8' });
  if (ldd.status !== 0) throw new Error(`ldd ${executable}: ${ldd.stderr}`);
  const libraries = [...ldd.stdout.matchAll(/(\/\S+) \(0x/g)].map((m) => m[1] as string);
  for (const library of libraries) {
    mkdirSync(join(root, dirname(library)), { recursive: true });
    copyFileSync(library, join(root, library));
  }
  return root;
}

/** Starts /calico-probe in the jail, with the harness directory visible at its real path. */
function spawnInJail(root: string, bind: string, args: string[]): ChildProcessWithoutNullStreams {
  mkdirSync(join(root, bind), { recursive: true });
  // The host's tools set the jail up; the executable then starts with PATH=/ and nothing else.
  const script = 'mount --bind "$1" "$2$1" && root="$2" && shift 2 && exec env -i PATH=/ "$(command -v chroot)" "$root" /calico-probe "$@"';
  return spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'jail', bind, root, ...args], {
    env: { PATH: process.env.PATH },
    timeout: 20_000,
  });
}

/** Runs it to the end. Asynchronous: the Felix stand-in answers from this process's event loop. */
function inJail(root: string, bind: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawnInJail(root, bind, args);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The address serve logs once it listens (its first JSON line on stderr). */
function listeningAddress(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      seen += chunk;
      const address = /"event":"listening","address":"([^"]+)"/.exec(seen)?.[1];
      if (address !== undefined) resolve(address);
    });
    child.once('close', () => reject(new Error(`serve ended before listening: ${seen}`)));
  });
}

async function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

test('the executable is one file of a plausible size, and the jail holds no node', (t) => {
  if (!requireRig(t, rig) || !jail) return;
  const mib = statSync(SEA).size / 1024 / 1024;
  assert.ok(mib > 60 && mib < 160, `${mib.toFixed(1)} MiB`);
  const inside = files(jail);
  assert.ok(inside.includes('calico-probe'));
  assert.deepEqual(
    inside.filter((f) => /(^|\/)(node|nodejs)$/.test(f)),
    [],
  );
});

test('--version, without Node.js', async (t) => {
  if (!requireRig(t, rig) || !jail) return;
  const run = await inJail(jail, rig.harness.dir, ['--version']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), version);
});

test('a real ready and live against BIRD, runit and Felix, without Node.js', async (t) => {
  if (!requireRig(t, rig) || !jail) return;
  await rig.harness.setNodenameAge(120); // the strict start-up window closed, as on a settled node
  const args = [
    '--family',
    'ipv4',
    '--felix-url',
    rig.felix.url,
    '--bird-socket',
    rig.harness.bird.socket,
    '--service-dir',
    rig.harness.serviceDir,
    '--nodename-file',
    rig.harness.nodenameFile,
  ];
  const ready = await inJail(jail, rig.harness.dir, ['ready', ...args]);
  assert.equal(ready.status, 0, ready.stdout + ready.stderr);
  assert.equal(ready.stdout.split('\n')[0], 'calico/node is ready');
  assert.match(ready.stdout, /^bird-ready +pass +BGP established with (\d+) of \1 peers$/m);
  const live = await inJail(jail, rig.harness.dir, ['live', ...args]);
  assert.equal(live.status, 0, live.stdout + live.stderr);
  assert.equal(live.stdout.split('\n')[0], 'calico/node is live');
});

test('serve answers /readyz 200 from the executable: it needs no node_modules', async (t) => {
  if (!requireRig(t, rig) || !jail) return;
  await rig.harness.setNodenameAge(120);
  const args = [
    '--family',
    'ipv4',
    '--felix-url',
    rig.felix.url,
    '--bird-socket',
    rig.harness.bird.socket,
    '--service-dir',
    rig.harness.serviceDir,
    '--nodename-file',
    rig.harness.nodenameFile,
    '--listen',
    '127.0.0.1:0',
  ];
  const serve = spawnInJail(jail, rig.harness.dir, ['serve', ...args]);
  const ended = new Promise((resolve) => serve.once('close', resolve));
  t.after(async () => {
    serve.kill('SIGTERM');
    await ended;
  });
  const address = await listeningAddress(serve);
  let status = 0;
  for (let i = 0; i < 50 && status !== 200; i++) {
    status = await statusOf(`http://${address}/readyz`);
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(status, 200);
});

// undici (cluster's Prometheus client): the npm package loads it from node_modules, an executable has none.
test('the executable bundles what npm run build bundles, and undici', (t) => {
  if (!requireRig(t, rig) || !jail) return;
  type Meta = { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const read = (name: string): Meta => JSON.parse(readFileSync(join(ROOT, 'dist', name), 'utf8')) as Meta;
  const npm = Object.keys(read('meta.json').outputs['dist/calico-probe.cjs']?.inputs ?? {});
  const seaOutputs = Object.values(read('sea-meta.json').outputs);
  assert.equal(seaOutputs.length, 1);
  const sea = Object.keys(seaOutputs[0]?.inputs ?? {});
  assert.ok(
    sea.some((input) => input.startsWith('node_modules/undici/')),
    'undici is in the executable',
  );
  assert.deepEqual(sea.filter((input) => !input.startsWith('node_modules/undici/')).sort(), [...npm].sort());
});
