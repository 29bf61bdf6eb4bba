// Guards the exec-path budget (README, Speed and Design notes; BENCHMARKS.md) against silent regressions:
// the bundle's static import graph holds no heavy package (they load only through import() on
// the paths that need them), and a probe run loads none of the Node built-ins those packages,
// or the designs this bundle avoids, would pull in. Reads what `npm run build` wrote in dist/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import test, { type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { replay, startFakeBird } from './support/fake-bird.ts';
import { startFelixStandin } from './support/felix-standin.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const LAZY_PACKAGES = /^node_modules\/(undici|zx|ora|chalk)\//;
const STATIC = new Set(['import-statement', 'require-call']);

interface Metafile {
  inputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
}

/** esbuild's metafile of the whole CLI's bundle (dist/meta.json) or of the probe commands' (dist/probe-meta.json). */
function metafile(name = 'meta.json'): Metafile {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'dist', name), 'utf8')) as Metafile;
  } catch (error) {
    throw new Error(`dist/${name} missing or unreadable: run npm run build first (${(error as Error).message})`);
  }
}

/**
 * A scratch directory (removed after the test) with a `--require` hook that `source(out)` writes;
 * the hook reports through the file `out`.
 */
function preloadHook(t: TestContext, source: (out: string) => string): { dir: string; hook: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cp-guard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hook = join(dir, 'hook.cjs');
  const out = join(dir, 'hook.json');
  writeFileSync(hook, source(JSON.stringify(out)));
  return { dir, hook, out };
}

/** The hook that writes Node's list of loaded modules at exit. */
const moduleList = (out: string): string =>
  `process.on('exit', () => require('node:fs').writeFileSync(${out}, JSON.stringify(process.moduleLoadList)));\n`;

/** What the moduleList hook wrote: the built-in modules the run loaded, by name (`net`, `tty`). */
function loadedModules(out: string): Set<string> {
  return new Set((JSON.parse(readFileSync(out, 'utf8')) as string[]).map((m) => m.replace(/^NativeModule /, '')));
}

/**
 * The hook that wraps the methods `names` of `target` (an expression) and keeps `what` (an
 * expression over `name`, `args` and `this`) for every call whose first caller outside Node and
 * V8's built-ins is calico-probe's own code. No regular expression in it: the RegExp hook would
 * call itself.
 */
const ownCalls =
  (target: string, names: string[], what: string) =>
  (out: string): string =>
    [
      'const seen = new Set();',
      `const target = ${target};`,
      `for (const name of ${JSON.stringify(names)}) {`,
      '  const real = target[name];',
      '  target[name] = function (...args) {',
      "    const frames = (new Error().stack ?? '').split('\\n').slice(2);",
      "    const caller = frames.find((f) => !f.includes('node:') && !f.includes('(<anonymous>)')) ?? '';",
      `    if (${JSON.stringify(OWN_FILES)}.some((file) => caller.includes(file))) seen.add(${what});`,
      '    return real.apply(this, args);',
      '  };',
      '}',
      `process.on('exit', () => require('node:fs').writeFileSync(${out}, JSON.stringify([...seen])));`,
    ].join('\n');

/** A BIRD socket, runit services and a nodename file, all in `dir`, none of them there. */
function missingLocalState(dir: string): string[] {
  return ['--bird-socket', join(dir, 'bird.ctl'), '--service-dir', dir, '--nodename-file', join(dir, 'nodename')];
}

/** The built files that are calico-probe's own code: the launcher and the two bundles. */
const OWN_FILES = ['bin/calico-probe.js', 'dist/calico-probe.cjs', 'dist/probe-commands.cjs'];

/** Every input reachable from the entry points over static imports, with the chain that reached it. */
function staticClosure(meta: Metafile, entries: string[]): Map<string, string[]> {
  const reached = new Map(entries.map((e): [string, string[]] => [e, [e]]));
  const queue = [...entries];
  for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
    for (const edge of meta.inputs[input]?.imports ?? []) {
      if (edge.external || !STATIC.has(edge.kind) || reached.has(edge.path)) continue;
      reached.set(edge.path, [...(reached.get(input) ?? []), edge.path]);
      queue.push(edge.path);
    }
  }
  return reached;
}

test('undici, zx, ora and chalk are never imported statically from the entry points', () => {
  const meta = metafile();
  const closure = staticClosure(meta, ['src/main.ts', 'src/launcher/main.ts']);
  const eager = [...closure].filter(([input]) => LAZY_PACKAGES.test(input)).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(eager, [], `statically imported (use await import() on the path that needs it):\n${eager.join('\n')}`);
  // The lazy edges exist, so the check above looks at the real graph.
  const dynamic = Object.values(meta.inputs)
    .flatMap((i) => i.imports)
    .filter((e) => e.kind === 'dynamic-import')
    .map((e) => e.path);
  assert.ok(
    dynamic.some((p) => p.startsWith('node_modules/zx/')),
    'zx behind import() (runit sv fallback)',
  );
  assert.ok(
    dynamic.some((p) => p.startsWith('node_modules/chalk/')),
    'chalk behind import() (colour on a TTY)',
  );
});

test('the Kubernetes client is reached only through import(): a passing probe never loads it', () => {
  const meta = metafile();
  const closure = staticClosure(meta, ['src/main.ts', 'src/launcher/main.ts']);
  const eager = [...closure].filter(([input]) => input.startsWith('src/kube/')).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(eager, [], `statically imported:\n${eager.join('\n')}`);
  const dynamic = Object.values(meta.inputs)
    .flatMap((i) => i.imports)
    .filter((e) => e.kind === 'dynamic-import')
    .map((e) => e.path);
  assert.ok(dynamic.includes('src/kube/index.ts'), 'src/kube behind import() (a failing probe reads the Node)');
});

// What the probe commands (live, ready, check and calico-node's flags) run without: commander
// and the code of the other commands, read by src/cli/fast-argv.ts and loaded with import() only
// when something else runs; the Kubernetes and Prometheus clients. esbuild evaluates a module
// reached only through import() when that import() runs, so the static closure of src/main.ts
// is what a probe evaluates. (src/context/ is on the path: it decides, after a failed run only,
// whether to load the Kubernetes client; the confd sync layer is one stat per run.)
const OFF_THE_PROBE_PATH = [
  /^node_modules\/(commander|chalk|undici|zx|ora)\//,
  /^src\/cli\/(program|options|help)\.ts$/,
  /^src\/commands\/(peers|watch|serve|completion|cluster)\//,
  /^src\/(kube|prometheus)\//,
  /^node_modules\/(@kubernetes\/|[^/]*kube)/i,
];

test('a probe command evaluates neither commander nor the other commands', () => {
  const meta = metafile();
  const closure = staticClosure(meta, ['src/main.ts']);
  const eager = [...closure]
    .filter(([input]) => OFF_THE_PROBE_PATH.some((pattern) => pattern.test(input)))
    .map(([, chain]) => chain.join(' → '));
  assert.deepEqual(eager, [], `on the probe path (load it with await import() where it is needed):\n${eager.join('\n')}`);
  assert.ok(closure.has('src/cli/fast-argv.ts'), 'the probe path parses with src/cli/fast-argv.ts');
  assert.ok(
    Object.keys(meta.inputs).some((input) => input.startsWith('node_modules/commander/')),
    'commander is in the bundle, behind import()',
  );
});

test('the bundles are ASCII: one other character makes V8 hold all of it as a two-byte string (and the launcher reads them as latin1)', () => {
  for (const name of ['calico-probe.cjs', 'probe-commands.cjs']) {
    const bundle = readFileSync(join(ROOT, 'dist', name));
    const offset = bundle.findIndex((byte) => byte > 0x7f);
    assert.equal(
      offset,
      -1,
      `${name}: non-ASCII byte at ${offset}: …${bundle.subarray(Math.max(0, offset - 40), offset + 10).toString('utf8')}…`,
    );
  }
});

// The probe commands' own bundle (src/probe-commands.ts): what the launcher reads, and takes from
// the code cache, on every probe. What is not in it costs a probe nothing at all; zx (runit's sv
// fallback) and chalk (colour on a terminal) stay outside it, loaded from node_modules when used.
const NOT_IN_THE_PROBE_BUNDLE = [
  /^node_modules\//,
  /^src\/main\.ts$/,
  /^src\/cli\/(program|options|help|peers-config|peers-targets|cluster-config|serve-config|watch-config)\.ts$/,
  /^src\/commands\/(peers|watch|serve|completion|cluster)\//,
  /^src\/prometheus\//,
];

test("the probe commands' bundle holds neither commander, nor any package, nor the other commands", () => {
  const meta = metafile('probe-meta.json');
  const inputs = Object.keys(meta.inputs);
  const extra = inputs.filter((input) => NOT_IN_THE_PROBE_BUNDLE.some((pattern) => pattern.test(input)));
  assert.deepEqual(extra, [], 'in dist/probe-commands.cjs');
  assert.ok(inputs.includes('src/cli/fast-argv.ts') && inputs.includes('src/checks/bird-ready.ts'), 'the list is real');
  const external = new Set(Object.values(meta.inputs).flatMap((i) => i.imports.filter((e) => e.external).map((e) => e.path)));
  for (const name of ['zx/core', 'chalk']) assert.ok(external.has(name), `${name} is loaded from node_modules, behind import()`);
});

// What undici (tls, http2, zlib, worker_threads), fetch (Node's internal undici), zx
// (child_process), and the costs designed out of the probe path (node:http, node:fs/promises,
// perf_hooks, commander's eager child_process) would load.
const NOT_ON_THE_PROBE_PATH = [
  'tls',
  'http2',
  'zlib',
  'worker_threads',
  'internal/deps/undici/undici',
  'http',
  'https',
  'fs/promises',
  'perf_hooks',
  'child_process',
  // The launcher computes the temp directory itself and hands the bundle its own require
  // (src/launcher/).
  'os',
  'module',
];

test('a passing probe with a kubeconfig and in a pod loads none of them either', async (t) => {
  const felix = await startFelixStandin();
  t.after(() => felix.close());
  const { dir, hook, out } = preloadHook(t, moduleList);
  const args = ['--require', hook, join(ROOT, 'bin/calico-probe.js'), 'check', 'felix-ready', '--felix-url', felix.url];
  const env = {
    PATH: process.env.PATH,
    CALICO_PROBE_CACHE_DIR: '',
    KUBECONFIG: join(dir, 'kubeconfig'),
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: '1',
  };
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, args, { env, stdio: 'ignore' });
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  const loaded = loadedModules(out);
  const unwanted = NOT_ON_THE_PROBE_PATH.filter((m) => loaded.has(m));
  assert.deepEqual(unwanted, [], `a passing probe loaded ${unwanted.join(', ')}`);
});

test('a probe run loads none of the built-ins the heavy paths need', (t) => {
  const { dir, hook, out } = preloadHook(t, moduleList);
  // Every check kind, against endpoints that are not there: the HTTP client, the BIRD socket
  // client, the runit reader and the renderers all run; nothing waits.
  const probe = ['check', 'felix-ready', 'bird-live', 'bird-ready', '--felix-url', 'http://127.0.0.1:1', ...missingLocalState(dir)];
  for (const args of [['--version'], probe, [...probe, '-o', 'json']]) {
    const run = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin/calico-probe.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TMPDIR: dir }, // the default cache directory, inside the scratch one
      timeout: 20_000,
    });
    assert.ok(run.status === 0 || run.status === 1, `${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
    const loaded = loadedModules(out);
    assert.ok(loaded.has('net'), 'the list is real: node:net is loaded');
    const unwanted = NOT_ON_THE_PROBE_PATH.filter((m) => loaded.has(m));
    assert.deepEqual(unwanted, [], `calico-probe ${args.join(' ')} loaded ${unwanted.join(', ')}`);
  }
});

// cron's `>/dev/null 2>&1` (and the benchmark's): stdout is a character device that is not a
// terminal, known without node:tty (src/util/direct-write.ts). And no stream over stderr: node:net
// builds it when a socket is closed (Socket._destroy compares the socket with process.stderr), so
// a probe leaves the connections that answered for its exit to close (ONE_SHOT_UNTIL_EXIT).
test('a probe whose output goes to /dev/null loads neither node:tty nor a stream over stderr', async (t) => {
  const felix = await startFelixStandin();
  const bird = await startFakeBird(replay('2/session-protocols-status.txt'));
  t.after(async () => {
    await felix.close();
    await bird.close();
  });
  const { dir, hook, out } = preloadHook(t, moduleList);
  const { spawn } = await import('node:child_process');
  const args = [
    ...['--require', hook, join(ROOT, 'bin/calico-probe.js'), 'check', 'felix-ready', 'bird-ready', '--felix-url', felix.url],
    ...['--bird-socket', bird.path, '--confd-config-dir', join(dir, 'confd'), '--nodename-file', join(dir, 'nodename')],
  ];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, TMPDIR: dir }, stdio: 'ignore' });
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.ok(code === 0 || code === 1, `exit ${code}`);
  assert.deepEqual(bird.connections[0]?.commands, ['show protocols', 'show status'], 'BIRD was asked');
  const loaded = loadedModules(out);
  assert.ok(loaded.has('net'), 'the list is real: node:net is loaded');
  assert.ok(!loaded.has('tty'), 'node:tty loaded for output to /dev/null');
  assert.ok(!loaded.has('internal/fs/sync_write_stream'), 'a stream over stderr (/dev/null) was built');
});

// node:path's join, resolve and normalize pass every character through one small function that
// Node's CommonJS loader already calls a few hundred times for the command's own path; our calls
// on top made V8 optimise it with Maglev on every probe, paging in the compiler (about 2 MB of
// peak RSS; BENCHMARKS.md). src/util/paths.ts joins by string instead.
test("a probe's own code normalises no path (the launcher, runit and confd paths are joined by string)", (t) => {
  const { dir, hook, out } = preloadHook(
    t,
    ownCalls("require('node:path')", ['join', 'resolve', 'normalize'], "`${name}(${args.join(', ')})`"),
  );
  const confd = join(dir, 'confd');
  mkdirSync(confd);
  writeFileSync(join(confd, 'bird.cfg'), 'include "bird_aggr.cfg";\n');
  const common = ['--felix-url', 'http://127.0.0.1:1', '--bird-socket', join(dir, 'bird.ctl'), '--service-dir', dir];
  for (const args of [
    ['check', 'felix-ready', 'bird-live', 'bird-ready', ...common, '--confd-config-dir', confd, '--nodename-file', join(dir, 'nodename')],
    ['live', ...common, '--family', 'ipv4'],
  ]) {
    const run = spawnSync(process.execPath, ['--require', hook, join(ROOT, 'bin/calico-probe.js'), ...args], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, TMPDIR: dir }, // the default cache directory, inside the scratch one
      timeout: 20_000,
    });
    assert.ok(run.status === 1 || run.status === 3, `${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), [], `calico-probe ${args[0]}`);
  }
});

// V8 compiles every regular expression anew in each process, and one that runs twice again to
// machine code: on a passing `ready` that was about 4% of what `node -e 0` costs, and BIRD's table
// parser's share of it more (BENCHMARKS.md). A probe reads its input by hand (src/util/text.ts);
// the one expression it compiles is node:net's own IPv4 check, when it connects to Felix.
test("a probe compiles no regular expression of its own (node:net's IPv4 check is the only one)", (t) => {
  // With RegExp.prototype.exec replaced, V8 sends test(), replace(), split() and match() through it.
  const { dir, hook, out } = preloadHook(t, ownCalls('RegExp.prototype', ['exec'], 'this.source'));
  const felix = http.createServer((_req, res) => res.writeHead(200).end(FELIX_TABLE));
  // Every check kind, against a Felix that answers and BIRD and runit that are not there.
  const probe = [...missingLocalState(dir), '--family', 'ipv4'];
  return new Promise<void>((resolve) => felix.listen(0, '127.0.0.1', resolve)).then(async () => {
    t.after(() => felix.close());
    const url = `http://127.0.0.1:${(felix.address() as AddressInfo).port}/`;
    for (const args of [
      ['ready', ...probe],
      ['live', ...probe],
      ['-felix-ready', '-bird-live', '--felix-url', url, ...probe],
      // calico-node's default Felix host: /etc/hosts is read too.
      ['ready', '--felix-url', url.replace('127.0.0.1', 'localhost'), ...probe],
    ]) {
      const withUrl = args.includes('--felix-url') ? args : [...args, '--felix-url', url];
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, ['--require', hook, join(ROOT, 'bin/calico-probe.js'), ...withUrl], {
        env: { PATH: process.env.PATH, CALICO_PROBE_CACHE_DIR: '' },
        stdio: 'ignore',
      });
      const code = await new Promise((done) => child.on('close', done));
      assert.ok(code === 1 || code === 3, `${withUrl.join(' ')}: exit ${code}`);
      const seen = JSON.parse(readFileSync(out, 'utf8')) as string[];
      const other = seen.filter((source) => !source.includes('25[0-5]'));
      assert.deepEqual(other, [], `calico-probe ${withUrl[0]} ran these regular expressions`);
    }
  });
});

const FELIX_TABLE = `+-----------+---------+----------------+-----------------+--------+
|         COMPONENT         | TIMEOUT |    LIVENESS    |    READINESS    | DETAIL |
+-----------+---------+----------------+-----------------+--------+
| CalculationGraph          | 30s     | reporting live | reporting ready |        |
+-----------+---------+----------------+-----------------+--------+
`;
