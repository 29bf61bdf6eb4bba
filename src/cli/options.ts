// commander's options, built from the option table (option-table.ts): each flag is worded once,
// and the commander-free parser of the probe commands (fast-argv.ts) reads the same rows. The
// shared options are registered once, on the program: commander then accepts them before or
// after any command, every command reads them with optsWithGlobals(), and every command's --help
// lists them under "Global Options". A command that does not use one ignores it (-v says so).
import { type Command, Option } from 'commander';
import { type OptionCommand, type OptionSpec, optionsOf, SHARED_ROWS } from './option-table.ts';

function toOption(row: OptionSpec): Option {
  const option = new Option(row.flags, row.description);
  if (row.choices !== undefined) option.choices(row.choices);
  if (row.default !== undefined) option.default(row.default);
  return option;
}

/** The shared options, on the program (README, "Options"; calico-probe(1), OPTIONS). */
export function addSharedOptions(program: Command): Command {
  for (const row of SHARED_ROWS) program.addOption(toOption(row));
  return program;
}

/** Every option of its own that `name` takes, in table order (which is help order). */
export function addOptions(command: Command, name: OptionCommand): Command {
  for (const row of optionsOf(name)) command.addOption(toOption(row));
  return command;
}
