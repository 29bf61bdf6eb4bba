// Pure: the bash completion script. Options and their values per command, check names for
// `check` and `watch check`, file names for paths.
import type { CommandSpec, CompletionSpec, OptionSpec } from './spec.ts';

const q = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;
const words = (list: readonly string[]): string => q(list.join(' '));
const flags = (o: OptionSpec): string[] => [o.short, o.long].filter((f): f is string => f !== undefined);

export function bashScript(spec: CompletionSpec): string {
  const fn = `_${spec.program.replace(/\W/g, '_')}`;
  const valued = spec.commands.flatMap((c) =>
    c.options.filter((o) => o.value !== 'none').flatMap((o) => flags(o).map((f) => ({ c, o, f }))),
  );
  const valueCases = valued.map(({ c, o, f }) => `    ${q(`${c.name} ${f}`)}) ${valueAction(o)}; return ;;`);
  const skipValues = valued.map(({ c, f }) => q(`${c.name} ${f}`)).join('|') || "''";
  // Options with a value given before the command: their value is not the command word.
  const topValued = spec.options.filter((o) => o.value !== 'none').flatMap(flags);
  const topValueCases = spec.options
    .filter((o) => o.value !== 'none')
    .flatMap((o) => flags(o).map((f) => `    ${q(f)}) ${valueAction(o)}; return ;;`));
  return `# ${spec.program} completion for bash: source it, or put it in /etc/bash_completion.d/
${fn}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd='' i w
  local -a args=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if [[ -z $cmd ]]; then
      case \${COMP_WORDS[i-1]} in ${topValued.map(q).join('|') || "''"}) continue ;; esac
      [[ $w != -* ]] && cmd=$w
      continue
    fi
    [[ $w == -* ]] && continue
    case "$cmd \${COMP_WORDS[i-1]}" in ${skipValues}) continue ;; esac
    args+=("$w")
  done
  COMPREPLY=()
  if [[ -z $cmd ]]; then
    case $prev in
${topValueCases.join('\n')}
    esac
  fi
  case "$cmd $prev" in
${valueCases.join('\n')}
  esac
  local opts='' positional=''
  case $cmd in
    '') opts=${words(spec.options.flatMap(flags))}; positional=${words(spec.commands.map((c) => c.name))} ;;
${spec.commands.map(commandCase).join('\n')}
  esac
  # A check name already on the line is not offered again.
  local left=''
  for w in $positional; do [[ " \${args[*]} " == *" $w "* ]] || left+="$w "; done
  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -W "$left" -- "$cur")); fi
}
complete -F ${fn} ${spec.program}
`;
}

function valueAction(o: OptionSpec): string {
  if (o.value === 'choice') return `COMPREPLY=($(compgen -W ${words(o.choices)} -- "$cur"))`;
  if (o.value === 'file') return 'COMPREPLY=($(compgen -f -- "$cur"))';
  return 'COMPREPLY=()';
}

function commandCase(c: CommandSpec): string {
  const opts = `opts=${words(c.options.flatMap(flags))}`;
  const first = `[[ \${#args[@]} -eq 0 ]] && positional=${words(c.first)}`;
  const restGuard = c.restAfter === undefined ? '' : ` && [[ \${args[0]} == ${q(c.restAfter)} ]]`;
  const rest = c.rest.length === 0 ? '' : `; [[ \${#args[@]} -gt 0 ]]${restGuard} && positional=${words(c.rest)}`;
  return `    ${q(c.name)}) ${opts}; ${first}${rest} ;;`;
}
