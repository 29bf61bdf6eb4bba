#!/usr/bin/env node
// npm run build:sea: dist/calico-probe-linux-x64, a Node single executable application for images
// without Node.js (calico-node's). It is the Node binary running this script, stripped of its
// symbols, with a bundle and the bundle's V8 code cache injected (Node 24: --experimental-sea-config
// and postject; README, "Without Node.js"). The bundle is `npm run build`'s: nothing in it needs
// node_modules at run time (serve reaches Felix with node:http), so the executable runs alone.
'use strict';
const { execFileSync } = require('node:child_process');
const { chmodSync, copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { build } = require('esbuild');
const { sharedOptions } = require('./build-bundles.js');
const { inject } = require('postject');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const OUTPUT = join(DIST, `calico-probe-${process.platform}-${process.arch}`);
// The marker Node's binary carries for postject (Node's single-executable documentation).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * The whole CLI as npm run build bundles it (bin/build-bundles.js), but run as the executable's
 * main script (no module wrapper) and with undici inside; its metafile lets a test compare the two.
 */
async function bundle(outfile) {
  const result = await build({ ...sharedOptions(), entryPoints: ['src/main.ts'], outfile, metafile: true });
  writeFileSync(join(DIST, 'sea-meta.json'), JSON.stringify(result.metafile));
}

async function main() {
  if (process.platform !== 'linux') throw new Error('build:sea builds the Linux executable only');
  // The executable is the Node running this script: npm run build:sea runs the pinned Node 24.
  if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`build:sea needs Node 24 or later, not ${process.version}`);
  const work = mkdtempSync(join(DIST, '.sea-'));
  try {
    const main = join(work, 'calico-probe.cjs');
    await bundle(main);
    const config = join(work, 'sea-config.json');
    const blob = join(work, 'sea-prep.blob');
    writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
    const binary = join(work, 'node');
    copyFileSync(process.execPath, binary);
    chmodSync(binary, 0o755);
    // Symbols and debug info are a fifth of the binary; nothing at run time reads them.
    execFileSync('strip', ['--strip-all', binary], { stdio: 'inherit' });
    // postject's ELF library warns "Can't find string offset for section name '.note…'": harmless.
    await inject(binary, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: FUSE });
    // Copied rather than renamed: run straight from the file postject wrote (one 104 MiB write),
    // every run showed about 20 MB more peak RSS (65 against 45 MB for --version on ext4, Linux
    // 6.18) until its page cache was rebuilt; a copy, written in ordinary pieces, does not.
    const copy = join(work, 'copy');
    copyFileSync(binary, copy);
    renameSync(copy, OUTPUT); // whole or not at all: a half-written executable never appears
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const mb = (statSync(OUTPUT).size / 1024 / 1024).toFixed(1);
  process.stdout.write(`${OUTPUT}: ${mb} MiB, Node ${process.version}\n`);
}

main().catch((error) => {
  process.stderr.write(`build:sea: ${error.message}\n`);
  process.exitCode = 1;
});
