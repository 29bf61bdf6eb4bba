// The house plan of src/ (README, "Design notes"): each folder is a layer, and imports run only
// down the list below, except to the vocabulary (checks/types.ts); no module imports itself
// back through a chain of others. Read from the source text, so a new folder must be placed here.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Top first; a module may import from its own layer or any layer below it. */
const LAYERS: readonly (readonly string[])[] = [
  // The entry points: the whole CLI, and the probe commands' own bundle (README, "Design notes").
  ['main.ts', 'probe-commands.ts'],
  ['cli'],
  ['commands'],
  ['report'],
  ['checks', 'context'],
  ['bird', 'felix', 'runit', 'kube', 'prometheus'],
  ['util'],
];
/** Start-up only: the launcher runs before the bundle and shares nothing with it but util/. */
const LAUNCHER = 'launcher';
const VOCABULARY = 'checks/types.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** Relative imports (static, type-only and import()) of one module, as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specifiers.map((spec) => normalize(join(dirname(file), spec)));
}

function folderOf(file: string): string {
  return file.includes('/') ? (file.split('/')[0] as string) : file;
}

function rankOf(file: string): number {
  const folder = folderOf(file);
  return LAYERS.findIndex((layer) => layer.includes(folder));
}

const FILES = sourceFiles(SRC);
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

test('the src/ root holds only the entry points', () => {
  assert.deepEqual(
    FILES.filter((file) => !file.includes('/')),
    ['main.ts', 'probe-commands.ts'],
  );
});

test('every folder of src/ has a place in the house plan', () => {
  const folders = new Set(FILES.filter((file) => file.includes('/')).map(folderOf));
  const placed = new Set([...LAYERS.flat(), LAUNCHER]);
  assert.deepEqual(
    [...folders].filter((folder) => !placed.has(folder)),
    [],
  );
});

test('imports run only down the layers (the vocabulary excepted)', () => {
  const upward: string[] = [];
  for (const [file, imports] of GRAPH) {
    for (const target of imports) {
      if (target === VOCABULARY) continue;
      if (folderOf(file) === LAUNCHER || folderOf(target) === LAUNCHER) {
        if (folderOf(file) !== folderOf(target) && folderOf(target) !== 'util') upward.push(`${file} → ${target}`);
        continue;
      }
      if (rankOf(target) < rankOf(file)) upward.push(`${file} → ${target}`);
    }
  }
  assert.deepEqual(upward, []);
});

test('no module imports itself back through others (no cycles)', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const target of GRAPH.get(file) ?? []) if (GRAPH.has(target)) visit(target, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of FILES) visit(file, []);
  assert.deepEqual(cycles, []);
});
