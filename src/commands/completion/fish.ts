// Pure: the fish completion script, one `complete` line per command, option and word list.
import type { CommandSpec, CompletionSpec, OptionSpec } from './spec.ts';

const q = (s: string): string => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

export function fishScript(spec: CompletionSpec): string {
  const p = spec.program;
  // Options with a value given before the command: their value is not the command word.
  const valued = spec.options.filter((o) => o.value !== 'none').flatMap((o) => [o.short, o.long].filter((f) => f !== undefined));
  const helper = `__${p.replace(/\W/g, '_')}_using`;
  const lines = [
    `# ${p} completion for fish: save as ~/.config/fish/completions/${p}.fish`,
    `function ${helper} --description 'whether the command word of the ${p} line is $argv[1] (none yet: no argument)'`,
    '    set -l command',
    '    set -l skip 0',
    '    for word in (commandline -opc)[2..-1]',
    '        if test $skip = 1',
    '            set skip 0',
    `        else if contains -- $word ${valued.join(' ')}`,
    '            set skip 1',
    "        else if not string match -q -- '-*' $word",
    '            set command $word',
    '            break',
    '        end',
    '    end',
    '    test "$command" = "$argv[1]"',
    'end',
    `complete -c ${p} -f`,
    ...spec.options.map((o) => `complete -c ${p} -n ${helper} ${optionFlags(o)}`),
    ...spec.commands.map((c) => `complete -c ${p} -n ${helper} -a ${q(c.name)} -d ${q(c.description)}`),
    ...spec.commands.flatMap((c) => commandLines(p, helper, c)),
  ];
  return `${lines.join('\n')}\n`;
}

function optionFlags(o: OptionSpec): string {
  const parts: string[] = [];
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  // calico-node's single-dash flags (-felix-ready) are fish's old-style options.
  if (o.long?.startsWith('--')) parts.push(`-l ${o.long.slice(2)}`);
  else if (o.long) parts.push(`-o ${o.long.slice(1)}`);
  if (o.value === 'choice') parts.push(`-x -a ${q(o.choices.join(' '))}`);
  else if (o.value === 'file') parts.push('-r -F');
  else if (o.value === 'any') parts.push('-x');
  parts.push(`-d ${q(o.description)}`);
  return parts.join(' ');
}

function commandLines(p: string, helper: string, c: CommandSpec): string[] {
  const on = `${helper} ${c.name}`;
  const lines = c.options.map((o) => `complete -c ${p} -n ${q(on)} ${optionFlags(o)}`);
  if (c.first.length > 0) {
    const none = c.first.map((w) => w).join(' ');
    lines.push(`complete -c ${p} -n ${q(`${on}; and not __fish_seen_subcommand_from ${none}`)} -a ${q(c.first.join(' '))}`);
  }
  // One line per word, so that a check name already on the line is not offered again.
  const after = c.restAfter === undefined ? '' : `; and __fish_seen_subcommand_from ${c.restAfter}`;
  for (const word of c.rest) {
    lines.push(`complete -c ${p} -n ${q(`${on}${after}; and not __fish_seen_subcommand_from ${word}`)} -a ${q(word)}`);
  }
  return lines;
}
