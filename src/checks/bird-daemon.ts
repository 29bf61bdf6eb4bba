// Which BIRD daemon answers for a family. BIRD 1.6 runs one daemon per family (`bird`, `bird6`);
// BIRD 2 and 3 run one daemon for both, and a node migrated the way Calico migrates to BIRD 3 has
// no bird6 socket (and no bird6 service) at all: its IPv6 checks ask the daemon at --bird-socket.
import { stat } from 'node:fs';
import { BirdError, birdGeneration, generationLabel, type BirdSession } from '../bird/index.ts';
import type { CheckContext, DaemonInfo, Family } from './types.ts';

/** Whether a path is absent (ENOENT); any other outcome leaves the configured socket in charge. */
export function absent(path: string): Promise<boolean> {
  return new Promise((resolve) => stat(path, (err) => resolve(err?.code === 'ENOENT')));
}

export interface Asked {
  socket: string;
  service: 'bird' | 'bird6';
  session: BirdSession | BirdError;
  sharedSocket: boolean;
}

/**
 * Asks the daemon that serves `family`: --bird-socket for IPv4; --bird6-socket for IPv6, unless it
 * does not exist and the daemon at --bird-socket is BIRD 2 or 3 (it serves both families). A BIRD
 * 1.6 daemon there serves IPv4 only: the missing bird6 socket is then reported as it is. When
 * neither answers, the --bird-socket failure is reported (on a one-socket node it is the cause).
 *
 * `bird6Absent`: what the caller already found about the bird6 socket, so it is not looked up twice.
 */
export async function askDaemon(ctx: CheckContext, family: Family, commands: string[], bird6Absent?: boolean): Promise<Asked> {
  const { birdSocket, bird6Socket } = ctx.config;
  const ask = (socket: string) =>
    ctx.transport.bird(socket, commands, ctx.signal).catch((error: unknown) => {
      if (error instanceof BirdError) return error;
      throw error;
    });
  if (family === 'ipv4' || bird6Socket === birdSocket || !(bird6Absent ?? (await absent(bird6Socket)))) {
    const socket = family === 'ipv4' ? birdSocket : bird6Socket;
    return {
      socket,
      service: family === 'ipv4' ? 'bird' : 'bird6',
      session: await ask(socket),
      sharedSocket: bird6Socket === birdSocket && family === 'ipv6',
    };
  }
  const shared = await ask(birdSocket);
  // Unreachable too: on a one-socket node that is the cause to report, not the absent bird6 socket.
  if (shared instanceof BirdError) return { socket: birdSocket, service: 'bird', session: shared, sharedSocket: true };
  if ((birdGeneration(shared.banner) ?? 0) >= 2) return { socket: birdSocket, service: 'bird', session: shared, sharedSocket: true };
  return { socket: bird6Socket, service: 'bird6', session: await ask(bird6Socket), sharedSocket: false };
}

export function daemonInfo(asked: Asked, version: string | null = null): DaemonInfo {
  const banner = asked.session instanceof BirdError ? '' : asked.session.banner;
  const generation = birdGeneration(version ?? banner);
  const families: Family[] =
    generation !== null && generation >= 2 ? ['ipv4', 'ipv6'] : asked.service === 'bird' && !asked.sharedSocket ? ['ipv4'] : ['ipv6'];
  return {
    socket: asked.socket,
    service: asked.service,
    version: version ?? (versionOfBanner(banner) || null),
    generation,
    families,
    sharedSocket: asked.sharedSocket,
  };
}

/** `IPv6 peers of the BIRD 3 daemon at /var/run/calico/bird.ctl` */
export function describeSource(daemon: DaemonInfo, family: Family): string {
  return `${family === 'ipv4' ? 'IPv4' : 'IPv6'} peers of the ${generationLabel(daemon.generation)} daemon at ${daemon.socket}`;
}

/** `session restricted (0016 Access restricted)` or why it was not. */
export function describeRestriction(session: BirdSession): string {
  const r = session.restriction;
  return r.restricted ? `session restricted (${r.reply})` : `session NOT restricted: BIRD answered 'restrict' with ${r.reply}`;
}

/** `BIRD 2.0.12 ready.` → `2.0.12`: what comes between BIRD and ready. */
function versionOfBanner(banner: string): string {
  let text = banner.trim();
  if (text.startsWith('BIRD ')) text = text.slice(5).trimStart();
  if (text.endsWith(' ready.')) text = text.slice(0, -7).trimEnd();
  return text;
}
