#!/usr/bin/env node
// Part of npm run build: the three files esbuild writes from src/, with the options they share
// (and that bin/build-sea.js shares for the single executable's bundle):
//   dist/calico-probe.cjs     the whole CLI (src/main.ts)
//   dist/probe-commands.cjs   the kubelet's commands only (src/probe-commands.ts); zx and chalk
//                             load from node_modules when used
//   bin/calico-probe.js       the launcher (src/launcher/main.ts), which runs them
// The two bundles are written inside Node's own module wrapper: the launcher compiles each
// file's text as it is read, and calls it with what require() would give it. Their metafiles
// (dist/meta.json, dist/probe-meta.json) are what the guard tests read.
'use strict';
const { chmodSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { build } = require('esbuild');

const ROOT = join(__dirname, '..');

/** What every bundle of src/ is built with: one CommonJS file for Node 22 and later, minified. */
function sharedOptions() {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __VERSION__: JSON.stringify(version) },
    alias: { 'node:child_process': './src/util/lazy-child-process.ts' },
  };
}

const MODULE_WRAPPER = {
  banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
  footer: { js: '})' },
};

/** A bundle the launcher runs, and its metafile. */
async function bundle(entry, outfile, metafile, external) {
  const result = await build({ ...sharedOptions(), ...MODULE_WRAPPER, entryPoints: [entry], outfile, external, metafile: true });
  writeFileSync(join(ROOT, metafile), JSON.stringify(result.metafile));
}

async function main() {
  await bundle('src/main.ts', 'dist/calico-probe.cjs', 'dist/meta.json', ['undici']);
  await bundle('src/probe-commands.ts', 'dist/probe-commands.cjs', 'dist/probe-meta.json', ['undici', 'zx', 'chalk']);
  const launcher = 'bin/calico-probe.js';
  await build({
    ...sharedOptions(),
    entryPoints: ['src/launcher/main.ts'],
    outfile: launcher,
    banner: { js: '// Written by npm run build from src/launcher/main.ts.' },
  });
  chmodSync(join(ROOT, launcher), 0o755);
}

module.exports = { sharedOptions };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`build-bundles: ${error.message}\n`);
    process.exitCode = 1;
  });
}
