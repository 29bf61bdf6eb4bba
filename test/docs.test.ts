// --help, the man page and README must agree: every option and command the program
// defines is documented in both, and all three carry the same exit-status table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readEnv } from '../src/cli/env.ts';
import { makeProgram } from '../src/cli/program.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const man = read('man/calico-probe.1')
  .replace(/\\-/g, '-')
  .replace(/\\f[BIRP]/g, '');
const readme = read('README.md');
const program = makeProgram({ env: readEnv({}), stdoutIsTTY: false, writeOut: () => {}, writeErr: () => {}, invoke: () => {} });

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

test('every command is in the man page and README', () => {
  for (const command of program.commands) {
    const name = command.name();
    assert.match(man, new RegExp(`^\\.(TP\\n\\.)?B ${name}\\b|^\\.BI? ${name}\\b`, 'm'), `man: ${name}`);
    assert.ok(readme.includes(`calico-probe ${name}`), `README: ${name}`);
  }
});

test('every option is in the man page and README', () => {
  const flags = new Set(
    allCommands(program)
      .flatMap((c) => c.options.map((o) => o.long))
      .filter((f): f is string => Boolean(f)),
  );
  assert.ok(flags.size > 10);
  for (const flag of flags) {
    assert.ok(man.includes(flag), `man: ${flag}`);
    assert.ok(readme.includes(flag), `README: ${flag}`);
  }
});

test('the exit-status table is the same in help, man page and README', () => {
  const meanings = [
    'healthy: every check passed (warnings allowed)',
    'unhealthy: at least one check failed',
    'usage or configuration error: nothing was probed',
    'unknown: no check failed, but at least one could not reach a verdict',
  ];
  let out = '';
  const probe = makeProgram({
    env: readEnv({}),
    stdoutIsTTY: false,
    writeOut: (t) => {
      out += t;
    },
    writeErr: () => {},
    invoke: () => {},
  });
  probe.exitOverride();
  try {
    probe.parse(['ready', '--help'], { from: 'user' });
  } catch {
    /* help exits through exitOverride */
  }
  meanings.forEach((meaning, code) => {
    assert.ok(out.includes(`${code}  ${meaning}`), `help: ${code}`);
    assert.ok(man.includes(meaning), `man: ${code}`);
    assert.ok(readme.includes(`| ${code} | ${meaning}`), `README: ${code}`);
  });
});
