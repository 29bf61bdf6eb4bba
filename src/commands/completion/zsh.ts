// Pure: the zsh completion script (_arguments per command). Works from $fpath as
// _calico-probe, or sourced after compinit.
import type { CommandSpec, CompletionSpec, OptionSpec } from './spec.ts';

/** Text inside a single-quoted _arguments spec: no quote, no brackets, colons escaped. */
const text = (s: string): string => s.replaceAll("'", '').replaceAll('[', '(').replaceAll(']', ')').replaceAll(':', '\\:');

function optionSpecs(o: OptionSpec): string[] {
  const value =
    o.value === 'none' ? '' : o.value === 'choice' ? `:value:(${o.choices.join(' ')})` : o.value === 'file' ? ':path:_files' : ':value: ';
  const names = [o.short, o.long].filter((f): f is string => f !== undefined);
  const eq = o.value === 'none' ? '' : '=';
  if (names.length === 1) return [`'${names[0]}${o.long ? eq : ''}[${text(o.description)}]${value}'`];
  const exclusive = `(${names.join(' ')})`;
  return names.map((n) => `'${exclusive}${n}${n.startsWith('--') ? eq : ''}[${text(o.description)}]${value}'`);
}

function argumentSpecs(c: CommandSpec): string[] {
  const specs: string[] = [];
  if (c.first.length > 0) specs.push(`'1:${c.name === 'help' ? 'command' : 'argument'}:(${c.first.join(' ')})'`);
  if (c.rest.length > 0) {
    const guard = c.restAfter === undefined ? '' : `(( \${words[(I)${c.restAfter}]} )) && `;
    specs.push(`'*:check:{${guard}compadd -- ${c.rest.join(' ')}}'`);
  }
  return specs;
}

export function zshScript(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/\W/g, '_')}`;
  const commands = spec.commands.map((c) => `    '${c.name}:${text(c.description)}'`).join('\n');
  const cases = spec.commands.map((c) => {
    const lines = [...c.options.flatMap(optionSpecs), ...argumentSpecs(c)];
    return `    ${c.name}) _arguments -s \\\n      ${lines.join(' \\\n      ')} ;;`;
  });
  return `#compdef ${spec.program}
# ${spec.program} completion for zsh: save as _${spec.program} in a directory of $fpath, or source it after compinit.
${fn}() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    if [[ $PREFIX == -* ]]; then _arguments ${spec.options.flatMap(optionSpecs).join(' ')}; else _describe -t commands '${spec.program} command' commands; fi
    return
  fi
  local cmd=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $cmd in
${cases.join('\n')}
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then ${fn} "$@"; else compdef ${fn} ${spec.program}; fi
`;
}
