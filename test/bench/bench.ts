// npm run bench [-- --rounds 40 --warmup 3]: the exec-path budget (BENCHMARKS.md), measured
// against real BIRD 1.6 and runit (test/support/harness) and the Felix stand-in, interleaved with
// `node -e 0` on the same Node and with what a user would run instead (curl, birdc). Prints
// Markdown for BENCHMARKS.md; exits 1 when live or ready is over budget or the parser is slow.
// Needs root (network namespaces), bash, GNU time, curl and birdc; not part of npm test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { harnessAvailability, startHarness, type Harness } from '../support/harness/index.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { run, type Command } from './measure.ts';
import { timingTable, verdicts } from './report.ts';
import { runRounds } from './rounds.ts';
import { measureScale, scaleTable, scaleVerdicts } from './scale-report.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/calico-probe.js');
const SEA = join(ROOT, 'dist/calico-probe-linux-x64');
const BIRDCL = join(ROOT, '.ci/bird2/usr/sbin/birdcl');

function missingTools(): string[] {
  const has = (tool: string): boolean => spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
  const missing = ['bash', 'curl', 'birdc'].filter((tool) => !has(tool));
  if (!existsSync('/usr/bin/time')) missing.push('/usr/bin/time (Debian package time)');
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist/calico-probe.cjs'))) missing.push('the built command (npm run build)');
  const harness = harnessAvailability();
  if (!harness.ok) missing.push(harness.reason);
  return missing;
}

/** Optional rows (a command another branch adds, the SEA once built) only when they answer. */
async function answers(command: Command): Promise<boolean> {
  return (await run(command.argv, command.env).catch(() => ({ status: -1 }))).status === (command.expectExit ?? 0);
}

async function commandsFor(h: Harness, felix: FelixStandin, cacheDir: string): Promise<{ commands: Command[]; notes: string[] }> {
  const node = process.execPath;
  const socket = h.bird.socket;
  const probe = [
    '--family',
    'ipv4',
    '--felix-url',
    felix.url,
    '--bird-socket',
    socket,
    '--service-dir',
    h.serviceDir,
    '--nodename-file',
    h.nodenameFile,
  ];
  const cache = { CALICO_PROBE_CACHE_DIR: cacheDir };
  const commands: Command[] = [
    { name: '`node -e 0`', argv: [node, '-e', '0'] },
    { name: '`calico-probe live`', argv: [node, CLI, 'live', ...probe], env: cache, budget: true },
    { name: '`calico-probe ready`', argv: [node, CLI, 'ready', ...probe], env: cache, budget: true },
    {
      name: '`calico-probe ready`, first run after install (no cache yet; writes it)',
      argv: [node, CLI, 'ready', ...probe],
      freshCache: true,
      firstRunBudget: true,
    },
    { name: '`calico-probe ready`, code cache off', argv: [node, CLI, 'ready', ...probe], env: { CALICO_PROBE_CACHE_DIR: '' } },
    {
      name: '`calico-probe ready`, Felix URL `localhost`',
      argv: [node, CLI, 'ready', ...probe, '--felix-url', felix.url.replace('127.0.0.1', 'localhost')],
      env: cache,
    },
  ];
  const optional: Command[] = [
    { name: '`calico-probe peers`', argv: [node, CLI, 'peers', '--bird-socket', socket, '--family', 'ipv4'], env: cache },
    { name: 'SEA `calico-probe-linux-x64 live`', argv: [SEA, 'live', ...probe], env: cache },
    { name: 'SEA `calico-probe-linux-x64 ready`', argv: [SEA, 'ready', ...probe], env: cache },
  ];
  const notes: string[] = [];
  for (const command of optional) {
    if (existsSync(command.argv[0] as string) && (await answers(command))) commands.push(command);
    else notes.push(`${command.name}: not measured (not in this build, or it did not answer)`);
  }
  commands.push({ name: '`curl -sf …/readiness`', argv: ['curl', '-sf', `${felix.url}/readiness`] });
  commands.push({ name: '`birdc -s … show protocols`', argv: ['birdc', '-s', socket, 'show', 'protocols'] });
  if (existsSync(BIRDCL))
    commands.push({ name: '`birdcl -s … show protocols` (BIRD 2)', argv: [BIRDCL, '-s', socket, 'show', 'protocols'] });
  return { commands, notes };
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Node ${process.version} (${process.execPath.startsWith(ROOT) ? 'the pinned devDependency' : process.execPath}), ${cpus().length} × ${cpu}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '30' }, warmup: { type: 'string', default: '3' } } });
  const missing = missingTools();
  if (missing.length > 0) {
    process.stderr.write(`bench: cannot run here; missing: ${missing.join('; ')}\n`);
    return 2;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'cp-bench-cache-'));
  const [h, felix] = await Promise.all([startHarness(), startFelixStandin()]);
  try {
    await h.setNodenameAge(120); // steady state: the strict start-up window is closed
    const { commands, notes } = await commandsFor(h, felix, cacheDir);
    const before = machine();
    process.stderr.write(`bench: ${commands.length} commands × ${values.rounds} interleaved rounds…\n`);
    const results = await runRounds(commands, {
      rounds: Number(values.rounds),
      warmup: Number(values.warmup),
      onRound: (n) => process.stderr.write(`\rround ${n}/${values.rounds}`),
    });
    process.stderr.write('\nbench: parser scale…\n');
    const scale = measureScale();
    const baseline = results[0];
    if (baseline === undefined) throw new Error('no baseline');
    const checks = [...verdicts(results, baseline), ...scaleVerdicts(scale)];
    const lines = [
      `Measured with \`npm run bench -- --rounds ${values.rounds}\` on ${before}; load after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}.`,
      '',
      timingTable(results, baseline),
      '',
      ...notes.map((n) => `- ${n}`),
      ...(notes.length > 0 ? [''] : []),
      scaleTable(scale),
      '',
      ...checks.map((c) => `- ${c.ok ? 'PASS' : 'FAIL'} ${c.name}: ${c.why}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await Promise.all([h.stop(), felix.close()]);
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
