// Paths by string, not node:path, on every probe's way. join() and resolve() pass each character
// through one small function that Node's own CommonJS loader already calls a few hundred times
// for the command's path; a few hundred more from us made V8 optimise it with Maglev, which pages
// in the optimising compiler: about 2 MB more peak RSS and more CPU on every probe (BENCHMARKS.md,
// "What each change bought"). The names joined here are plain file names.

/** `/a/b/c` → `/a/b`; `/a` → `/`. */
export function parentDir(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** `dir` + `/` + `name`, with no second slash when `dir` ends in one. */
export function childPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}
