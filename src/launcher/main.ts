#!/usr/bin/env node
// bin/calico-probe.js itself (npm run build writes it from this file, so the command is one file
// that Node loads, not a stub that loads another: README, design notes). The kubelet's commands
// (live, ready, check, calico-node's flags) go to dist/probe-commands.cjs, a bundle of only what
// they need (src/probe-commands.ts); it declines any command line but a plain probe, and that,
// like every other command, goes to dist/calico-probe.cjs, the whole CLI (src/main.ts). A bundle
// runs as Node's CommonJS loader would run it, but compiled with a code cache taken at the end
// of an earlier run of the same command (code-cache.ts), and one is taken when there was none or
// V8 rejected it. Until then (the first run after an install or an upgrade) it uses the cache
// `npm run build` shipped beside the bundle for the Node version that built it
// (bin/build-code-cache.js), when this is that version. Every failure of a cache only costs
// speed: the bundle then compiles from source, as without a cache.
import { statSync, readFileSync } from 'node:fs';
import { constants, Script } from 'node:vm';
import { readLauncherEnv } from './env.ts';
import { cacheDir, cacheFileName, cacheProfile, readCache, shippedCacheName, writeCache } from './code-cache.ts';
import { childPath, parentDir } from '../util/paths.ts';

/**
 * Node flags importModuleDynamically's USE_MAIN_CONTEXT_DEFAULT_LOADER experimental, and says so
 * on stderr the first time a command imports (serve, whose stderr is JSON lines only). The
 * launcher uses it as documented; this one warning is dropped, every other passes.
 */
function quietLoaderWarning(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('vm.USE_MAIN_CONTEXT_DEFAULT_LOADER')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
}

/** Where caches are kept (undefined: no caching) and the Node flags they are made under. */
interface CacheSetting {
  dir: string | undefined;
  flags: string;
}

/**
 * Runs the bundle at `bundlePath` with the cache of `profile`; returns its exports once it has
 * returned. A bundle that declines (`declined`) leaves its cache unwritten, so that a run
 * which did nothing never becomes the cache of the runs that do.
 */
function run(bundlePath: string, profile: string, { dir, flags }: CacheSetting): { declined?: boolean } {
  // The bundles are ASCII (a test holds them to it): read as latin1, V8 gets them without a UTF-8 pass.
  const source = readFileSync(bundlePath, 'latin1');
  const file =
    dir === undefined
      ? undefined
      : childPath(
          dir,
          cacheFileName(
            profile,
            { path: bundlePath, stats: statSync(bundlePath) },
            { version: process.version, arch: process.arch, flags },
          ),
        );
  const own = file === undefined ? undefined : readCache(file);
  // The shipped cache is as trustworthy as the bundle beside it; V8 rejects it under other flags.
  const shipped =
    file === undefined || own !== undefined
      ? undefined
      : readCache(childPath(parentDir(bundlePath), shippedCacheName(bundlePath, process)));
  // The bundle is written inside Node's own module wrapper (bin/build-bundles.js), so it sees
  // exactly what require() would give it, and V8 compiles the file's text as it is read: no copy
  // of it with the wrapper around, on every run.
  const script = new Script(source, {
    filename: bundlePath,
    cachedData: own ?? shipped,
    // import() of a package left outside the bundle (bin/build-bundles.js) resolves as it would in
    // a required file: Node's own loader, from the bundle's directory.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as { declined?: boolean } };
  if (file !== undefined && (own === undefined || script.cachedDataRejected === true)) {
    // At exit every function the run called has been compiled, so the cache holds them all.
    process.once('exit', () => module.exports.declined !== true && writeCache(file, script.createCachedData()));
  }
  const wrapped = script.runInThisContext() as (...args: unknown[]) => void;
  // This file's own require: it resolves packages from the same node_modules as dist/ does, and
  // spares loading node:module (and its source-map code) for createRequire on every probe.
  wrapped.call(module.exports, module.exports, require, module, bundlePath, parentDir(bundlePath));
  return module.exports;
}

const dist = childPath(parentDir(__dirname), 'dist');
const profile = cacheProfile(process.argv.slice(2));
const env = readLauncherEnv(process.env);
const cache = { dir: cacheDir(env.cacheDir, process.getuid?.() ?? 0), flags: `${process.execArgv.join(' ')}|${env.nodeOptions}` };
quietLoaderWarning();
if (profile === 'other' || run(childPath(dist, 'probe-commands.cjs'), profile, cache).declined === true) {
  run(childPath(dist, 'calico-probe.cjs'), 'other', cache);
}
