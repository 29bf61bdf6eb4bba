// The registry: check name → check function. run.ts looks checks up here only.
import type { CheckRegistry } from './types.ts';
import { bird6LiveCheck, birdLiveCheck } from './bird-live.ts';
import { bird6ReadyCheck, birdReadyCheck } from './bird-ready.ts';
import { felixLive, felixReady } from './felix.ts';

export const CHECKS = {
  'felix-live': felixLive,
  'felix-ready': felixReady,
  'bird-live': birdLiveCheck,
  'bird6-live': bird6LiveCheck,
  'bird-ready': birdReadyCheck,
  'bird6-ready': bird6ReadyCheck,
} satisfies CheckRegistry;
