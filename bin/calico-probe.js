#!/usr/bin/env node
// Turn on V8's compile cache, then load the one CommonJS bundle (see README, design notes).
import { createRequire, enableCompileCache } from 'node:module';
enableCompileCache?.();
createRequire(import.meta.url)('../dist/calico-probe.cjs');
