// The man page renders: groff (and man, where installed) give no warning, every .nf has its .fi
// and every .RS its .RE (an unclosed example swallows what follows), and each entry of
// COMMANDS starts with .TP (without one, an entry runs into the one before it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { need } from './support/needs.ts';

const PAGE = fileURLToPath(new URL('../man/calico-probe.1', import.meta.url));
const lines = readFileSync(PAGE, 'utf8').split('\n');

function tool(t: { skip(reason: string): void }, name: string): boolean {
  const present = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
  return need(t, present ? undefined : `${name} is not installed (.ci/install-test-deps installs it)`);
}

test('groff renders the man page without a warning', (t) => {
  if (!tool(t, 'groff')) return;
  const run = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-z', PAGE], { encoding: 'utf8' });
  assert.deepEqual([run.status, run.stderr], [0, '']);
});

test('man renders the man page without a warning', (t) => {
  if (!tool(t, 'man')) return;
  const run = spawnSync('man', ['--warnings', '-l', PAGE], { encoding: 'utf8', env: { ...process.env, MANPAGER: 'cat', MANWIDTH: '80' } });
  assert.deepEqual([run.status, run.stderr], [0, '']);
  assert.match(run.stdout, /EXAMPLES/);
});

test('every .nf has its .fi and every .RS its .RE, within one section', () => {
  let section = '';
  let nf = 0;
  let rs = 0;
  for (const [i, line] of lines.entries()) {
    if (line.startsWith('.SH ')) {
      assert.deepEqual([nf, rs], [0, 0], `${section} ends with an unclosed .nf or .RS (line ${i + 1})`);
      section = line;
    }
    if (line === '.nf') nf++;
    if (line === '.fi') nf--;
    if (line === '.RS' || line.startsWith('.RS ')) rs++;
    if (line === '.RE') rs--;
    assert.ok(nf >= 0 && nf <= 1 && rs >= 0, `line ${i + 1}: ${line}`);
  }
  assert.deepEqual([nf, rs], [0, 0], 'the page ends with an unclosed .nf or .RS');
});

test('each command in COMMANDS is an entry of its own (.TP before it)', () => {
  const start = lines.indexOf('.SH COMMANDS');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('.SH '));
  const commands = ['live', 'ready', 'check', 'peers', 'watch', 'completion', 'help', 'serve'];
  for (const name of commands) {
    const at = lines.findIndex((l, i) => i > start && i < end && new RegExp(`^\\.(B|BI|BR) "?${name}\\b`).test(l));
    assert.ok(at > start, `COMMANDS names ${name}`);
    assert.equal(lines[at - 1], '.TP', `${name}: .TP before it`);
  }
});
