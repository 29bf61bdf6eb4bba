// A healthy runit for `live` fault runs: real runsv processes supervising confd, bird and bird6
// (each a `sleep`), so bird-live's verdict hangs on the socket or Felix fault under test alone.
import { chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { needs } from './needs.ts';
import { makeRoot, makeService, removeRoot, runitMissing, startRunsv, type Runsv } from './runsv.ts';

export interface HealthyRunit {
  serviceDir: string;
  runsvs: Runsv[];
  stop(): Promise<void>;
}

/** undefined when runit is missing outside CI (needs() throws in CI). */
export async function startHealthyRunit(services = ['confd', 'bird', 'bird6']): Promise<HealthyRunit | undefined> {
  if (needs(runitMissing()) !== undefined) return undefined;
  const serviceDir = await makeRoot();
  const runsvs: Runsv[] = [];
  for (const name of services) runsvs.push(await startRunsv(await makeService(serviceDir, name, 'exec sleep 1000')));
  return {
    serviceDir,
    runsvs,
    stop: async () => {
      await Promise.all(runsvs.map((r) => r.stop()));
      await removeRoot(serviceDir);
    },
  };
}

/**
 * Lets an unprivileged probe read what runsv keeps private (supervise/ is 0700, ok 0600), for
 * tests where only the BIRD socket is meant to be out of reach.
 */
export async function openToAll(runit: HealthyRunit): Promise<void> {
  for (const runsv of runit.runsvs) {
    const supervise = join(runsv.dir, 'supervise');
    await chmod(supervise, 0o755);
    for (const file of await readdir(supervise)) await chmod(join(supervise, file), 0o666);
  }
}
