#!/usr/bin/env node
// Part of npm run build: the V8 code cache the package ships beside the probe commands' bundle
// (dist/probe-commands.cjs), so that the first probe after an install or an upgrade, which finds
// no cache of its own yet, does not compile the bundle from source (src/launcher/main.ts;
// BENCHMARKS.md, "Cold start"). It is the cache the launcher writes at the end of a run: one
// `check` of every kind, against a Felix stand-in that answers and BIRD sockets and runit files
// that are not there, so the checks, the verdict and the text report are compiled. V8 accepts it
// only under the Node version, architecture and flags that made it: the name carries the first
// two, and it is made without flags.
'use strict';
const { spawn } = require('node:child_process');
const { chmodSync, mkdtempSync, readdirSync, renameSync, rmSync } = require('node:fs');
const http = require('node:http');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const TABLE = '+-----------+---------+----------------+-----------------+--------+\n';

async function main() {
  for (const old of readdirSync(DIST)) if (/^(calico-probe|probe-commands)-.*\.v8cache$/.test(old)) rmSync(join(DIST, old));
  const dir = mkdtempSync(join(tmpdir(), 'cp-build-cache-'));
  const felix = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(TABLE));
  await new Promise((resolve) => felix.listen(0, '127.0.0.1', resolve));
  try {
    // Asynchronously: the Felix stand-in answers from this process.
    const args = [
      join(ROOT, 'bin/calico-probe.js'),
      'check',
      'felix-live',
      'felix-ready',
      'bird-live',
      'bird-ready',
      'bird6-live',
      'bird6-ready',
      '--felix-url',
      `http://127.0.0.1:${felix.address().port}`,
      '--bird-socket',
      join(dir, 'bird.ctl'),
      '--bird6-socket',
      join(dir, 'bird6.ctl'),
      '--service-dir',
      dir,
      '--nodename-file',
      join(dir, 'nodename'),
    ];
    const cache = join(dir, 'cache');
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, CALICO_PROBE_CACHE_DIR: cache }, stdio: 'ignore' });
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 1) throw new Error(`the probe that warms the cache exited ${code}, expected 1 (checks fail)`);
    const [written] = readdirSync(cache);
    if (written === undefined) throw new Error('the probe wrote no code cache');
    const shipped = join(DIST, `probe-commands-${process.version}-${process.arch}.v8cache`);
    renameSync(join(cache, written), shipped);
    chmodSync(shipped, 0o644); // read by whichever user runs the probe
  } finally {
    felix.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`build-code-cache: ${error.message}\n`);
  process.exitCode = 1;
});
