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
    // -F: a check name already on the line is not offered again.
    specs.push(`'*:check:{local -a seen; seen=(\${words[1,CURRENT-1]}); ${guard}compadd -F seen -- ${c.rest.join(' ')}}'`);
  }
  return specs;
}

export function zshScript(spec: CompletionSpec): string {
  const valued = spec.options.filter((o) => o.value !== 'none').flatMap((o) => [o.short, o.long].filter((f) => f !== undefined));
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
  # The command is the first word that is neither an option nor the value of a shared option.
  local i=2 cmd=''
  while (( i < CURRENT )); do
    case \${words[i]} in
      ${valued.join('|') || "''"}) (( i += 2 )) ;;
      -*) (( i++ )) ;;
      *) cmd=\${words[i]}; break ;;
    esac
  done
  if [[ -z $cmd ]]; then
    if [[ $PREFIX == -* ]]; then _arguments ${spec.options.flatMap(optionSpecs).join(' ')}; else _describe -t commands '${spec.program} command' commands; fi
    return
  fi
  words=(\${words[i,-1]})
  (( CURRENT -= i - 1 ))
  case $cmd in
${cases.join('\n')}
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then ${fn} "$@"; else compdef ${fn} ${spec.program}; fi
`;
}
