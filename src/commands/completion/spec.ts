// Pure: what the shell completion scripts offer, read from the commander program itself, so
// completion cannot drift from the real commands, options and choices.
import type { Command, Option } from 'commander';
import { CHECK_NAMES } from '../../checks/types.ts';

export interface OptionSpec {
  long: string | undefined;
  short: string | undefined;
  description: string;
  /** 'none': a switch; 'file': a path; 'choice': one of `choices`; 'any': free text. */
  value: 'none' | 'file' | 'choice' | 'any';
  choices: string[];
}

export interface CommandSpec {
  name: string;
  description: string;
  options: OptionSpec[];
  /** Words for the first positional argument, and for the ones after it. */
  first: string[];
  rest: string[];
  /** When set, `rest` applies only after this first word (watch check <names…>). */
  restAfter: string | undefined;
}

export interface CompletionSpec {
  program: string;
  commands: CommandSpec[];
  /** Options before any command: the shared ones, --help, --version and calico-node's flags. */
  options: OptionSpec[];
}

const FILE_OPTION = /(socket|file|dir|textfile)$/;

export function completionSpec(program: Command): CompletionSpec {
  // The shared options are the program's, accepted after every command too (src/cli/options.ts).
  const shared = program.options.filter((o) => o.long !== '--version').map(optionSpec);
  const commands = program.commands.map((c) => commandSpec(c, shared));
  const names = commands.map((c) => c.name);
  commands.push({ name: 'help', description: 'display help for a command', options: [], first: names, rest: [], restAfter: undefined });
  return { program: program.name(), commands, options: [...program.options.map(optionSpec), helpOption(), ...dropInOptions()] };
}

/** calico-node's own flags (src/cli/calico-node-flags.ts), which stand for `check <names…>`. */
function dropInOptions(): OptionSpec[] {
  return [
    ...CHECK_NAMES.map(
      (name): OptionSpec => ({
        long: `-${name}`,
        short: undefined,
        description: `calico-node's flag: check ${name}`,
        value: 'none',
        choices: [],
      }),
    ),
    { long: '-threshold-time', short: undefined, description: "calico-node's flag: --threshold-time", value: 'any', choices: [] },
  ];
}

function commandSpec(command: Command, shared: OptionSpec[]): CommandSpec {
  const [first, second] = command.registeredArguments;
  const firstWords = first?.argChoices ?? (first?.name() === 'names' ? [...CHECK_NAMES] : []);
  const variadicNames = [first, second].some((a) => a?.name() === 'names' && a.variadic);
  const restAfter = firstWords.includes('check') ? 'check' : undefined;
  return {
    name: command.name(),
    description: command.description(),
    options: [...command.options.map(optionSpec), ...shared, helpOption()],
    first: firstWords,
    rest: variadicNames ? [...CHECK_NAMES] : [],
    restAfter,
  };
}

function optionSpec(option: Option): OptionSpec {
  const takesValue = option.required || option.optional;
  const name = option.long ?? '';
  const value = !takesValue ? 'none' : option.argChoices ? 'choice' : FILE_OPTION.test(name) ? 'file' : 'any';
  return { long: option.long, short: option.short, description: option.description, value, choices: option.argChoices ?? [] };
}

function helpOption(): OptionSpec {
  return { long: '--help', short: '-h', description: 'display help for command', value: 'none', choices: [] };
}
