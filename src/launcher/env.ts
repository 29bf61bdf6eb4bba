// The environment the launcher reads before the bundle runs (the bundle's own is src/cli/env.ts).

/** What the launcher (src/launcher/main.ts) reads before the bundle runs. */
export interface LauncherEnv {
  /** CALICO_PROBE_CACHE_DIR: where code caches live; '' turns caching off. */
  cacheDir: string | undefined;
  nodeOptions: string;
}

export function readLauncherEnv(env: NodeJS.ProcessEnv): LauncherEnv {
  return { cacheDir: env.CALICO_PROBE_CACHE_DIR, nodeOptions: env.NODE_OPTIONS ?? '' };
}
