// Shared set-up for integration suites: the real BIRD/runit harness plus a Felix
// stand-in. Outside CI a missing prerequisite skips with one line saying why; with
// CI=true it fails, because a skipped integration test is a failure there.
import type { TestContext } from 'node:test';
import { harnessAvailability, startHarness, type Harness } from './harness/index.ts';
import { startFelixStandin, type FelixStandin } from './felix-standin.ts';
import { needs } from './needs.ts';

export interface Rig {
  harness: Harness;
  felix: FelixStandin;
  /** Options pointing calico-probe at the rig's daemons, files and Felix. */
  args: string[];
}

const availability = harnessAvailability();

/** The reason integration tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return needs(availability.ok ? undefined : availability.reason);
}

export function requireRig(t: TestContext, rig: Rig | undefined): rig is Rig {
  const reason = skipReason();
  if (reason !== undefined) {
    t.skip(`integration: ${reason}`);
    return false;
  }
  if (!rig) throw new Error('integration rig failed to start');
  return true;
}

export async function startRig(): Promise<Rig | undefined> {
  if (skipReason() !== undefined) return undefined;
  const felix = await startFelixStandin();
  let harness: Harness;
  try {
    harness = await startHarness();
  } catch (e) {
    // A Felix left listening would keep the test file's process, and so `npm test`, alive forever.
    await felix.close();
    throw e;
  }
  const args = [
    '--felix-url',
    felix.url,
    '--bird-socket',
    harness.bird.socket,
    '--bird6-socket',
    harness.bird6.socket,
    '--service-dir',
    harness.serviceDir,
    '--nodename-file',
    harness.nodenameFile,
  ];
  return { harness, felix, args };
}

export async function stopRig(rig: Rig | undefined): Promise<void> {
  if (!rig) return;
  await Promise.all([rig.harness.stop(), rig.felix.close()]);
}

/**
 * Stops a peer of the node's bird until the test ends, and waits until BIRD no longer reports
 * it Established; after the test, every peering is back before the next one starts.
 */
export async function peerDown(t: TestContext, rig: Rig, name: string): Promise<void> {
  const socket = rig.harness.bird.socket;
  const peer = rig.harness.peer(name);
  await peer.stop();
  t.after(async () => {
    await peer.start();
    await rig.harness.waitEstablished(socket);
  });
  await rig.harness.waitFor(socket, (raw) => new RegExp(`${name}\\s+BGP\\s+\\S+\\s+start`).test(raw));
}
