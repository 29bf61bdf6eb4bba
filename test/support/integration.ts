// Shared set-up for integration suites: the real BIRD/runit harness plus a Felix
// stand-in. Outside CI a missing prerequisite skips with one line saying why; with
// CI=true it fails, because a skipped integration test is a failure there. The harness runs
// without BIRD 2 and BIRD 3, so a test that needs one says so: requireRig(t, rig, 'bird2').
import type { TestContext } from 'node:test';
import { daemonsMissing, harnessAvailability, startHarness, type Harness, type NodeKind } from './harness/index.ts';
import { startFelixStandin, type FelixStandin } from './felix-standin.ts';
import { need, needs } from './needs.ts';

export interface Rig {
  harness: Harness;
  felix: FelixStandin;
  /** Options pointing calico-probe at the rig's daemons, files and Felix. */
  args: string[];
}

const availability = harnessAvailability();
const harnessMissing = availability.ok ? undefined : availability.reason;

/** The reason integration tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return needs(harnessMissing);
}

/** A rig whose harness runs the node daemons `K` (see requireRig). */
export type RigWith<K extends NodeKind> = Rig & { harness: { [P in K]-?: NonNullable<Harness[P]> } };

/**
 * At the start of a test: true when it may go on. Otherwise it skips (fails under CI=true) with
 * the reason: the harness cannot run here, or it runs without a node daemon in `daemons` (BIRD 2
 * or BIRD 3 missing: 'needs BIRD 2: no executable at …; run .ci/install-test-deps as root';
 * bird and bird6 are always there).
 */
export function requireRig<K extends NodeKind = never>(t: TestContext, rig: Rig | undefined, ...daemons: K[]): rig is RigWith<K> {
  // The reason reads "integration harness unavailable, missing: …", as the harness's own test
  // says it, so npm test's last line counts them as one.
  if (!need(t, harnessMissing ?? daemonsMissing(...daemons))) return false;
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
