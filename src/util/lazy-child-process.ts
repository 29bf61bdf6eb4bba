// What the bundle gets for `node:child_process` (package.json, build: --alias). commander
// imports it when it loads, for executable subcommands, which calico-probe does not have;
// loading it (with dgram and the IPC machinery) cost every probe about 1 ms of CPU and 0.7 MB
// of RSS (BENCHMARKS.md). Here each function loads the real module on its first call. zx
// imports `child_process` without the prefix and is not affected.
import type * as ChildProcessModule from 'node:child_process';

type Real = typeof ChildProcessModule;

let real: Real | undefined;
const load = (): Real => (real ??= process.getBuiltinModule('node:child_process'));

function lazy<K extends 'spawn' | 'spawnSync' | 'exec' | 'execSync' | 'execFile' | 'execFileSync' | 'fork'>(name: K): Real[K] {
  return ((...args: unknown[]) => (load()[name] as (...a: unknown[]) => unknown)(...args)) as Real[K];
}

export const spawn = lazy('spawn');
export const spawnSync = lazy('spawnSync');
export const exec = lazy('exec');
export const execSync = lazy('execSync');
export const execFile = lazy('execFile');
export const execFileSync = lazy('execFileSync');
export const fork = lazy('fork');

export default { spawn, spawnSync, exec, execSync, execFile, execFileSync, fork };
