// README, --help, the man page and completion list the same options for each command: the
// shared ones (every command, before or after it) and the command's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readEnv } from '../src/cli/env.ts';
import { makeProgram } from '../src/cli/program.ts';
import { completionSpec } from '../src/commands/completion/spec.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const COMMANDS = ['live', 'ready', 'check', 'peers', 'watch', 'serve', 'completion'];
/** Every command has these; the lists below compare the rest. */
const UNIVERSAL = new Set(['--help', '--version']);

const longFlags = (text: string): string[] => [...text.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)].map((m) => m[0]);
const sorted = (flags: Iterable<string>): string[] => [...new Set(flags)].filter((f) => !UNIVERSAL.has(f)).sort();

function program(out: (text: string) => void = () => {}) {
  return makeProgram({ env: readEnv({}), stdoutIsTTY: false, writeOut: out, writeErr: () => {}, invoke: () => {} });
}

/** What the program defines: the command's options and the program's (shared) ones. */
function defined(command: string): string[] {
  const p = program();
  const c = p.commands.find((x) => x.name() === command);
  assert.ok(c, command);
  return sorted([...c.options, ...p.options].map((o) => o.long ?? ''));
}

function fromHelp(command: string): string[] {
  let out = '';
  const p = program((t) => {
    out += t;
  });
  try {
    p.parse([command, '--help'], { from: 'user' });
  } catch {
    /* help exits through exitOverride */
  }
  const options = out.split('\n').filter((line) => /^ {2}(-\w, )?--[a-z]/.test(line));
  return sorted(options.flatMap((line) => longFlags(line.trim().split(/\s{2,}/)[0] ?? '')));
}

function fromCompletion(command: string): string[] {
  const spec = completionSpec(program()).commands.find((c) => c.name === command);
  assert.ok(spec, command);
  return sorted(spec.options.map((o) => o.long ?? ''));
}

/** man: OPTIONS has a "Shared options" subsection and one per command (or group of commands). */
function fromMan(command: string): string[] {
  const man = read('man/calico-probe.1')
    .replace(/\\-/g, '-')
    .replace(/\\f[BIRP]/g, '');
  const section = man.slice(man.indexOf('\n.SH OPTIONS\n'), man.indexOf('\n.SH OUTPUT\n'));
  const subsections = section.split('\n.SS ').slice(1);
  const flags = (body: string) =>
    body.split('\n').flatMap((line, i, lines) => (lines[i - 1] === '.TP' ? longFlags(line.replace(/"[^"]*"/g, ' ')) : []));
  const names = (heading: string) => heading.replaceAll('"', '').split(/,\s*/);
  const shared = subsections.find((s) => s.startsWith('Shared options'));
  const own = subsections.find((s) => names(s.split('\n')[0] ?? '').includes(command));
  assert.ok(shared && own, `man: OPTIONS subsections for ${command}`);
  return sorted([...flags(shared), ...flags(own)]);
}

/** README: the "Shared options" table and the command's row in "Options of each command". */
function fromReadme(command: string): string[] {
  const readme = read('README.md');
  const shared = readme.slice(readme.indexOf('\n### Shared options\n'), readme.indexOf('\n### Options of each command\n'));
  const sharedFlags = shared.split('\n').flatMap((line) => (line.startsWith('| `-') ? longFlags(line.split('|')[1] ?? '') : []));
  const perCommand = readme.slice(readme.indexOf('\n### Options of each command\n'));
  const row = perCommand.split('\n').find((line) => line.startsWith('| `') && (line.split('|')[1] ?? '').includes(`\`${command}\``));
  assert.ok(row, `README: a row for ${command}`);
  return sorted([...sharedFlags, ...longFlags(row.split('|').slice(2).join('|'))]);
}

for (const command of COMMANDS) {
  test(`${command}: README, --help, man page and completion list the same options`, () => {
    const expected = defined(command);
    assert.ok(expected.includes('--bird-socket'), 'every command takes the shared options');
    assert.deepEqual(fromHelp(command), expected, '--help');
    assert.deepEqual(fromCompletion(command), expected, 'completion');
    assert.deepEqual(fromMan(command), expected, 'man page');
    assert.deepEqual(fromReadme(command), expected, 'README');
  });
}

test('watch lists only what it accepts: no --textfile, -o text|json', () => {
  assert.ok(!defined('watch').includes('--textfile'));
  const output = completionSpec(program())
    .commands.find((c) => c.name === 'watch')
    ?.options.find((o) => o.long === '--output');
  assert.deepEqual(output?.choices, ['text', 'json']);
});
