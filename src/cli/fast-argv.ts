// The probe commands' command line read without commander: what the kubelet runs (`ready`,
// `live`, `check …` and calico-node's flags, once calico-node-flags.ts has translated them)
// is parsed from the option table and the probe starts without loading commander. It is only
// a shortcut: whenever it is unsure (anything but a plain, valid command line: an unknown or
// misspelt option, a missing value, `--`, clustered short flags, --help, a value the config
// refuses), it answers undefined and main.ts hands the command line to commander, which
// accepts it or prints its usual error. test/cli/fast-argv.test.ts holds the two to the same
// result.
import type { ProbeConfig } from '../checks/types.ts';
import { buildConfig, type RawOptions, type Selection } from './config.ts';
import type { ProbeEnv } from './env.ts';
import { type OptionCommand, optionsOf, type ParsedFlags, parseFlags, SHARED_ROWS } from './option-table.ts';
import { UsageError } from '../util/usage-error.ts';

export type ProbeCommand = 'live' | 'ready' | 'check';

export interface FastParse {
  command: ProbeCommand;
  selection: Selection;
  /** As commander's opts() would hold them, defaults included. */
  options: Record<string, string | boolean>;
}

interface Known extends ParsedFlags {
  choices: readonly string[] | undefined;
}

function isProbeCommand(word: string | undefined): word is ProbeCommand {
  return word === 'live' || word === 'ready' || word === 'check';
}

/** The command line as commander would parse it, or undefined where commander should decide. */
export function fastParse(args: readonly string[]): FastParse | undefined {
  const command = args[0];
  if (!isProbeCommand(command)) return undefined;
  const byFlag = new Map<string, Known>();
  const options: Record<string, string | boolean> = {};
  const rows = [...SHARED_ROWS, ...optionsOf(command as OptionCommand)].map((row) => ({ row, flags: parseFlags(row.flags) }));
  const positives = new Set(rows.filter(({ flags }) => !flags.negate).map(({ flags }) => flags.key));
  for (const { row, flags } of rows) {
    const known = { ...flags, choices: row.choices };
    byFlag.set(flags.long, known);
    if (flags.short !== undefined) byFlag.set(flags.short, known);
    // commander: a lone --no-x makes x true by default; with --x beside it, x has no default.
    if (flags.negate && !positives.has(flags.key)) options[flags.key] = true;
    if (row.default !== undefined) options[flags.key] = row.default;
  }
  const names: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) {
      if (command !== 'check') return undefined;
      names.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const known = byFlag.get(flag);
    if (known === undefined) return undefined;
    if (known.value === undefined) {
      if (eq !== -1) return undefined;
      options[known.key] = !known.negate;
      continue;
    }
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    // A missing value, or one that looks like an option: commander's call.
    if (value === undefined || (eq === -1 && value.startsWith('-'))) return undefined;
    if (known.choices !== undefined && !known.choices.includes(value)) return undefined;
    options[known.key] = value;
  }
  if (command === 'check') return names.length === 0 ? undefined : { command, selection: { command, names }, options };
  return { command, selection: { command }, options };
}

/**
 * The probe a command line asks for, configured, or undefined when commander should parse it:
 * a value the config refuses is left to commander too, so every usage error reads as it does
 * there.
 */
export function fastProbe(
  args: readonly string[],
  env: ProbeEnv,
  isTTY: boolean,
): { kind: 'probe'; command: ProbeCommand; config: ProbeConfig } | undefined {
  const parsed = fastParse(args);
  if (parsed === undefined) return undefined;
  try {
    return { kind: 'probe', command: parsed.command, config: buildConfig(parsed.selection, parsed.options as RawOptions, env, isTTY) };
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}
