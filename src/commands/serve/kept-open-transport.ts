// serve's way to reach BIRD and Felix: one kept-open connection per BIRD socket and a keep-alive
// pool per Felix origin, shared by every run and closed at shutdown.
import { BirdConnection } from '../../bird/index.ts';
import { openFelixPool, type FelixPool } from '../../felix/pool.ts';
import type { Transport } from '../../checks/types.ts';

export interface KeptTransport {
  transport: Transport;
  close(): Promise<void>;
}

export function openKeptTransport(): KeptTransport {
  const birds = new Map<string, BirdConnection>();
  const pools = new Map<string, Promise<FelixPool>>();
  const bird = (path: string): BirdConnection => {
    let connection = birds.get(path);
    if (connection === undefined) birds.set(path, (connection = new BirdConnection(path)));
    return connection;
  };
  const pool = (origin: string): Promise<FelixPool> => {
    let opened = pools.get(origin);
    if (opened === undefined) pools.set(origin, (opened = openFelixPool(origin)));
    return opened;
  };
  return {
    transport: {
      bird: (path, commands, signal) => bird(path).query(commands, { signal }),
      felix: async (url, signal) => (await pool(new URL(url).origin)).get(url, signal),
    },
    close: async () => {
      for (const connection of birds.values()) connection.close();
      await Promise.all([...pools.values()].map(async (opened) => (await opened).close()));
    },
  };
}
