// Pure: `peers` options and environment → a validated PeersConfig (UsageError → exit 2).
import { colorOption, DEFAULTS, oneOf, timeoutOption, type RawOptions } from './config.ts';
import type { ProbeEnv } from './env.ts';
import { UsageError } from '../util/usage-error.ts';
import type { FamilyOption } from '../checks/types.ts';
import type { PeersConfig } from '../commands/peers/config.ts';
import { peersTargets } from './peers-targets.ts';

const FAMILIES: readonly FamilyOption[] = ['ipv4', 'ipv6', 'dual', 'auto'];

export function buildPeersConfig(options: RawOptions, env: ProbeEnv, isTTY: boolean): PeersConfig {
  if (options.quiet && options.verbose) throw new UsageError('--quiet and --verbose cannot be used together');
  const family = oneOf('--family', options.family ?? DEFAULTS.family, FAMILIES);
  const sockets = { bird: options.birdSocket ?? DEFAULTS.birdSocket, bird6: options.bird6Socket ?? DEFAULTS.bird6Socket };
  return {
    targets: peersTargets(family, env, sockets),
    timeoutMs: timeoutOption(options.timeout),
    output: oneOf('--output', options.output ?? DEFAULTS.output, ['text', 'json'] as const),
    color: colorOption(options.color, env, isTTY),
    quiet: options.quiet ?? false,
    verbose: options.verbose ?? false,
  };
}
