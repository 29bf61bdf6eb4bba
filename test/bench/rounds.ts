// Interleaved rounds: every command runs once per round, in an order that rotates from round to
// round, so a burst of load from another process on a shared machine lands on all commands
// alike instead of on whichever ran during it.
import { peakRssKb, spread, timeOnce, type Command, type Spread } from './measure.ts';

export interface Result {
  command: Command;
  wall: Spread;
  cpu: Spread;
  rssKb: Spread;
  runs: number;
}

export interface RoundOptions {
  rounds: number;
  warmup: number;
  onRound?: (round: number) => void;
}

export async function runRounds(commands: readonly Command[], opts: RoundOptions): Promise<Result[]> {
  for (let i = 0; i < opts.warmup; i++) for (const command of commands) await timeOnce(command);
  const wall = commands.map((): number[] => []);
  const cpu = commands.map((): number[] => []);
  const rss = commands.map((): number[] => []);
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + round) % commands.length;
      const command = commands[i] as Command;
      const timing = await timeOnce(command);
      wall[i]?.push(timing.wallMs);
      cpu[i]?.push(timing.cpuMs);
      rss[i]?.push(await peakRssKb(command));
    }
    opts.onRound?.(round + 1);
  }
  return commands.map((command, i) => ({
    command,
    wall: spread(wall[i] ?? []),
    cpu: spread(cpu[i] ?? []),
    rssKb: spread(rss[i] ?? []),
    runs: opts.rounds,
  }));
}
