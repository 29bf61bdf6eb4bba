// `calico-probe completion bash|zsh|fish`: the script for one shell, from the program's own
// commands and options.
import type { Command } from 'commander';
import { bashScript } from './bash.ts';
import { fishScript } from './fish.ts';
import { completionSpec } from './spec.ts';
import { zshScript } from './zsh.ts';

export type Shell = 'bash' | 'zsh' | 'fish';

export function completionScript(shell: Shell, program: Command): string {
  const spec = completionSpec(program);
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](spec);
}
