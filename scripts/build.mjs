// Builds the shipped CLI: one minified CommonJS bundle. CJS avoids per-file ESM
// resolution and Node 24's `import 'node:http'` cost (see performance.md); heavy
// packages stay in the bundle but behind lazy import(), so esbuild wraps them in
// initialisers that run only on the paths that need them. undici (serve only) is the exception:
// at ~750 KB it would double the bundle the exec path loads and parses on every probe, so it
// stays external and serve require()s it from node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/calico-probe.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: true,
  legalComments: 'none',
  external: ['undici'],
  define: { __VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
