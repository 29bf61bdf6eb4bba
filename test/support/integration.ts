// Shared set-up for integration suites: the real BIRD/runit harness plus a Felix
// stand-in. Outside CI a missing prerequisite skips with one line saying why; with
// CI=true it fails, because a skipped integration test is a failure there.
import type { TestContext } from 'node:test';
import { harnessAvailability, startHarness, type Harness } from './harness/index.ts';
import { startFelixStandin, type FelixStandin } from './felix-standin.ts';
import { need, needs } from './needs.ts';

export interface Rig {
  harness: Harness;
  felix: FelixStandin;
  /** Options pointing calico-probe at the rig's daemons, files and Felix. */
  args: string[];
}

// BIRD 2 is needed only by the tests that ask the BIRD 2 node (needBird2): without it the rig
// starts anyway, its BIRD 2 peers running BIRD 1.6.
const availability = harnessAvailability({ bird2: false });

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

/** Why the rig has no BIRD 2 node, or undefined when it has one. */
export function bird2Missing(rig: Rig): string | undefined {
  return rig.harness.bird2 === undefined
    ? 'BIRD 2 is missing (.ci/install-test-deps unpacks it into .ci/bird2; BIRD2_BIN names another)'
    : undefined;
}

/** The BIRD 2 node's socket; without BIRD 2 the test skips (fails under CI) and gets undefined. */
export function needBird2(t: TestContext, rig: Rig): string | undefined {
  if (!need(t, bird2Missing(rig))) return undefined;
  return rig.harness.bird2?.socket;
}

export async function startRig(): Promise<Rig | undefined> {
  if (skipReason() !== undefined) return undefined;
  const [harness, felix] = await Promise.all([startHarness(), startFelixStandin()]);
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
