// commander's options, built from the option table (option-table.ts): each flag is worded once,
// and the commander-free parser of the probe commands (fast-argv.ts) reads the same rows.
import { type Command, Option } from 'commander';
import { type OptionCommand, optionsOf } from './option-table.ts';

/** Every option of the table that `name` takes, in table order (which is help order). */
export function addOptions(command: Command, name: OptionCommand): Command {
  for (const row of optionsOf(name)) {
    const option = new Option(row.flags, row.description);
    if (row.choices !== undefined) option.choices(row.choices);
    if (row.default !== undefined) option.default(row.default);
    command.addOption(option);
  }
  return command;
}
