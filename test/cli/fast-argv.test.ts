// The commander-free parser of the probe commands (src/cli/fast-argv.ts) against commander, on
// the same argument lists: where the fast parser answers, commander gives the same invocation;
// where commander refuses a command line, the fast parser does not answer (main.ts then hands it
// to commander, which prints its usual error). The option part of the corpus comes from the
// option table, so an option added there is covered here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { translateCalicoNodeArgs } from '../../src/cli/calico-node-flags.ts';
import { readEnv } from '../../src/cli/env.ts';
import { fastParse, fastProbe } from '../../src/cli/fast-argv.ts';
import { OPTION_TABLE, type OptionSpec, optionsOf, parseFlags } from '../../src/cli/option-table.ts';
import { type Invocation, makeProgram, PROBE_COMMANDS } from '../../src/cli/program.ts';

type Outcome = { invocation: Invocation | undefined; error: string | undefined };

async function viaCommander(args: string[], vars: Record<string, string>, tty: boolean): Promise<Outcome> {
  let invocation: Invocation | undefined;
  const program = makeProgram({
    env: readEnv(vars),
    stdoutIsTTY: tty,
    probeOnly: PROBE_COMMANDS.includes(args[0] ?? ''),
    writeOut: () => {},
    writeErr: () => {},
    invoke: (inv) => {
      invocation = inv;
    },
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { invocation, error: undefined };
  } catch (error) {
    return { invocation: undefined, error: (error as Error).message };
  }
}

/** One argument list through both: identical invocations, or the fast parser steps aside. */
async function compare(argv: string[], vars: Record<string, string> = {}, tty = false): Promise<'fast' | 'commander'> {
  let args: string[];
  try {
    args = translateCalicoNodeArgs(argv);
  } catch {
    return 'commander'; // the drop-in translation's error comes before either parser
  }
  const fast = fastProbe(args, readEnv(vars), tty);
  const slow = await viaCommander(args, vars, tty);
  const where = `${JSON.stringify(argv)} with ${JSON.stringify(vars)}${tty ? ' on a TTY' : ''}`;
  if (fast === undefined) return 'commander';
  assert.equal(slow.error, undefined, `fast parser accepted what commander refuses (${slow.error}): ${where}`);
  assert.deepEqual(fast, slow.invocation, `different invocations: ${where}`);
  return 'fast';
}

/** Values to try for an option, from its row: its choices, or samples for its value name; good and bad. */
function samples(row: OptionSpec): { good: string[]; bad: string[] } {
  if (row.choices !== undefined) return { good: [...row.choices], bad: ['bogus', '', row.choices[0]?.toUpperCase() ?? 'X'] };
  switch (parseFlags(row.flags).value) {
    case 'duration':
      return { good: ['2s', '250ms', '1m30s', '3'], bad: ['soon', '0', '-1s', ''] };
    case 'url':
      return { good: ['http://127.0.0.1:19099', 'http://[::1]:9099/', 'http://localhost:9099/x'], bad: ['https://felix', 'not a url', ''] };
    default:
      return { good: ['/run/calico/x', 'relative/x', 'with space', 'a=b'], bad: [] };
  }
}

const PROBES: Array<{ command: 'live' | 'ready' | 'check'; head: string[] }> = [
  { command: 'live', head: ['live'] },
  { command: 'ready', head: ['ready'] },
  { command: 'check', head: ['check', 'felix-ready', 'bird6-live'] },
];

/** Every option of every probe command, in every spelling, valid and not, from the table. */
function optionCorpus(): { fast: string[][]; any: string[][] } {
  const fast: string[][] = [];
  const any: string[][] = [];
  for (const { command, head } of PROBES) {
    const rows = optionsOf(command);
    for (const row of rows) {
      const { short, long, value } = parseFlags(row.flags);
      if (value === undefined) {
        fast.push([...head, long]);
        if (short !== undefined) {
          fast.push([...head, short]);
          any.push([short, ...head], [...head, `${short}${short.slice(1)}`]);
        }
        any.push([...head, `${long}=true`], [...head, `${long}=`], [long, ...head], [...head, long, long]);
        continue;
      }
      const { good, bad } = samples(row);
      for (const v of good) {
        const spelt = [[long, v], [`${long}=${v}`], ...(short !== undefined ? [[short, v]] : [])];
        // `-ojson`, `-o=json`: commander's to read.
        const other = short !== undefined ? [[`${short}${v}`], [`${short}=${v}`]] : [];
        for (const s of spelt) fast.push([...head, ...s], [head[0] as string, ...s, ...head.slice(1)]);
        for (const s of other) any.push([...head, ...s]);
        any.push([long, v, ...head], [...head, long, v, long, good[0] as string], [...head, long.toUpperCase(), v]);
      }
      for (const v of bad) any.push([...head, long, v], [...head, `${long}=${v}`]);
      any.push([...head, long], [...head, long, '--quiet'], [...head, long, '-'], [...head, `${long}s`, good[0] as string]);
    }
    for (const row of OPTION_TABLE.filter((r) => !r.commands.includes(command))) {
      const { long, value } = parseFlags(row.flags);
      any.push(value === undefined ? [...head, long] : [...head, long, 'x']);
    }
  }
  return { fast, any };
}

const COMMAND_LINES: string[][] = [
  ['live'],
  ['ready'],
  ['check', 'felix-live'],
  ['check', 'bird6-ready', 'felix-ready', 'felix-ready'],
  ['check', 'felix-ready', '--timeout', '2s', 'bird-ready'],
  ['check'],
  ['check', 'nope'],
  ['check', 'felix-ready', 'Felix-Ready'],
  ['live', 'extra'],
  ['ready', '--'],
  ['ready', '--', '--quiet'],
  ['check', '--', 'felix-ready'],
  ['ready', '-'],
  ['ready', '-qv'],
  ['ready', '-q', '-v'],
  ['ready', '--quiet', '--verbose'],
  ['ready', '--help'],
  ['ready', '-h'],
  ['help', 'ready'],
  ['--version'],
  ['-V'],
  [],
  ['rdy'],
  ['Ready'],
  ['peers'],
  ['watch', 'ready', '--count', '1'],
  ['serve', '--listen', ':0'],
  ['completion', 'bash'],
  ['ready', '--textfile', '/tmp/x.prom', '-o', 'nagios'],
  ['ready', '--no-color', '--no-color'],
  ['ready', '--color'],
  // calico-node's flags, as calico-node's own pod specs spell them.
  ['-felix-live', '-bird-live'],
  ['-felix-ready', '-bird-ready'],
  ['-felix-ready', '-bird-ready', '-bird6-ready'],
  ['-bird-ready', '-felix-ready', '-threshold-time=45s'],
  ['-felix-ready', '-threshold-time', '45s'],
  ['--felix-live=true', '--bird-live=false', '-bird6-live'],
  ['-felix-live=false'],
  ['-felix-ready=maybe'],
  ['-felix-ready', '-threshold-time'],
  ['-felix-ready', '-threshold-time=soon'],
  ['-felix-ready', '-bird-ready', '-o', 'json', '--timeout', '2s'],
  ['-felix-ready', '-bird-ready', '--nope'],
  ['-felix-ready', 'extra'],
];

const ENVS: Array<Record<string, string>> = [{}, { IP: 'none', IP6: 'autodetect' }, { FELIX_HEALTHHOST: '::1', FELIX_HEALTHPORT: '19099' }];

test('the fast parser and commander agree on every command line of the corpus', async () => {
  const { fast, any } = optionCorpus();
  for (const vars of ENVS) {
    for (const argv of [...COMMAND_LINES, ...fast, ...any]) await compare(argv, vars);
  }
  for (const argv of COMMAND_LINES) await compare(argv, { NO_COLOR: '1' }, true);
  for (const argv of COMMAND_LINES) await compare(argv, { FELIX_HEALTHPORT: 'http' });
});

test('plain command lines, every option in each spelling the kubelet uses, take the fast path', async () => {
  const { fast } = optionCorpus();
  const refused = [];
  for (const argv of fast) {
    if ((await compare(argv)) !== 'fast') refused.push(argv);
  }
  // A few valid values are refused by the config (a bad URL): those go to commander, as they should.
  const plain = [
    ['ready'],
    ['live'],
    ['check', 'felix-ready'],
    ['-felix-ready', '-bird-ready'],
    ['-felix-live', '-bird-live', '-threshold-time=45s'],
  ];
  for (const argv of plain) assert.equal(await compare(argv), 'fast', JSON.stringify(argv));
  assert.deepEqual(refused, [], 'valid spellings the fast parser left to commander');
});

test('every option of the table reaches commander and the fast parser under the same key', async () => {
  for (const { command, head } of PROBES) {
    for (const row of optionsOf(command)) {
      const { long, value, key, negate } = parseFlags(row.flags);
      const argv = value === undefined ? [...head, long] : [...head, long, samples(row).good[0] as string];
      const parsed = fastParse(argv);
      assert.ok(parsed, `fast parser took ${argv.join(' ')}`);
      assert.equal(parsed.options[key], value === undefined ? !negate : argv.at(-1), `${long} → ${key}`);
    }
  }
});

test('random command lines built from the table: the same invocation, or commander decides', async () => {
  const tokens = [
    ...new Set([
      ...OPTION_TABLE.flatMap((row) => {
        const { short, long } = parseFlags(row.flags);
        return short === undefined ? [long] : [short, long];
      }),
      ...OPTION_TABLE.flatMap((row) => samples(row).good.slice(0, 2)),
      'live',
      'ready',
      'check',
      'felix-ready',
      'bird-live',
      'nope',
      '--',
      '-',
      '--help',
      '-felix-ready',
      '-bird-ready=false',
      '-threshold-time=3s',
      '--timeout=0',
    ]),
  ];
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('live', 'ready', 'check'),
      fc.array(fc.constantFrom(...tokens), { maxLength: 8 }),
      async (command, rest) => {
        await compare([command, ...rest]);
      },
    ),
    { numRuns: 1500 },
  );
});
