#!/usr/bin/env node
// CommonJS (bin/package.json): an ES-module entry would load Node's ESM loader, about 2 ms and
// 2 MB more on every probe. The launcher runs the one bundle with a warm V8 code cache (README,
// design notes).
require('../dist/launcher.cjs');
