// calico-node's Go-flag syntax, translated into calico-probe's `check` form before
// commander sees argv (commander would read `-felix-live` as a cluster of short flags).
//   -felix-ready -bird-ready            → check felix-ready bird-ready
//   --bird6-ready=true -threshold-time=30s → check bird6-ready --threshold-time 30s
import { CHECK_NAMES, type CheckName } from '../checks/types.ts';
import { goFlag } from '../util/text.ts';
import { UsageError } from '../util/usage-error.ts';

/** `-felix-ready`, `--bird-live=false`…: the check and its value (Go's flag syntax). */
function healthFlag(arg: string): { name: CheckName; value: string | undefined } | undefined {
  const flag = goFlag(arg);
  return flag !== undefined && (CHECK_NAMES as readonly string[]).includes(flag.name)
    ? (flag as { name: CheckName; value: string | undefined })
    : undefined;
}

/** `-threshold-time 30s` or `-threshold-time=30s`: { value } (undefined when it comes next). */
function thresholdFlag(arg: string): { value: string | undefined } | undefined {
  const flag = goFlag(arg);
  return flag?.name === 'threshold-time' ? flag : undefined;
}

/** Go's flag package accepts these spellings of a boolean. */
function parseGoBool(flag: string, value: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new UsageError(`invalid boolean value "${value}" for -${flag}`);
}

/**
 * argv rewritten to `check <names…> <other args>` when it uses calico-node's health
 * flags; otherwise argv unchanged. Checks come out in the stable order of CHECK_NAMES.
 */
export function translateCalicoNodeArgs(argv: readonly string[]): string[] {
  if (!argv.some((arg) => healthFlag(arg) !== undefined)) return [...argv];
  const selected = new Set<CheckName>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const health = healthFlag(arg);
    const threshold = thresholdFlag(arg);
    if (health) {
      if (health.value === undefined || parseGoBool(health.name, health.value)) selected.add(health.name);
      else selected.delete(health.name);
    } else if (threshold) {
      const value = threshold.value ?? argv[++i];
      if (value === undefined) throw new UsageError('flag needs an argument: -threshold-time');
      rest.push('--threshold-time', value);
    } else {
      rest.push(arg);
    }
  }
  // `ready -felix-ready`: the flags replace the command; a command word would become a check name.
  const command = rest.find((arg) => !arg.startsWith('-'));
  if (command !== undefined && rest.indexOf(command) === 0) {
    const flags = argv.filter((arg) => healthFlag(arg) !== undefined).join(' ');
    throw new UsageError(
      `"${command}" cannot be combined with calico-node's flags (${flags}): use "calico-probe ${flags}" or "calico-probe check <names...>"`,
    );
  }
  if (selected.size === 0) {
    throw new UsageError(`must specify at least one of ${CHECK_NAMES.map((n) => `-${n}`).join(', ')}`);
  }
  return ['check', ...CHECK_NAMES.filter((name) => selected.has(name)), ...rest];
}
