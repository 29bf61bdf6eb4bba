// `calico-probe completion bash|zsh|fish`: the script for one shell, from the program's own
// commands and options.
import type { Command } from 'commander';
import { bashScript } from './bash.ts';
import { fishScript } from './fish.ts';
import { completionSpec } from './spec.ts';
import { zshScript } from './zsh.ts';
import type { CommandIo } from '../io.ts';

export type Shell = 'bash' | 'zsh' | 'fish';

export function completionScript(shell: Shell, program: Command): string {
  const spec = completionSpec(program);
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](spec);
}

export async function run(shell: Shell, program: Command, io: Pick<CommandIo, 'writeOut'>): Promise<number> {
  io.writeOut(completionScript(shell, program));
  return 0;
}
