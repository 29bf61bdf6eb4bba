// -o npd run the way node-problem-detector runs a custom plugin: in its own process group,
// killed (the whole group) at its timeout, stdout read up to 4 KiB, trimmed, cut to
// max_output_length (80 bytes). 0 is OK, 1 NonOK, anything else Unknown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FAULTS } from '../support/bird-standins.ts';
import { startFakeBird, type FakeBird } from '../support/fake-bird.ts';
import { startFelixStandin, type FelixStandin } from '../support/felix-standin.ts';
import { CLI } from '../support/run-cli.ts';

const MAX_OUTPUT_LENGTH = 80;
const READ_LIMIT = 4 * 1024;
/** NPD's plugin timeout; the probe's own --timeout answers well before it. */
const PLUGIN_TIMEOUT_MS = 15_000;

let felix: FelixStandin;
let deniedBird: FakeBird;
let dir: string;
before(async () => {
  [felix, deniedBird] = await Promise.all([startFelixStandin(), startFakeBird(FAULTS['answers 8007 Access denied'])]);
  dir = mkdtempSync(join(tmpdir(), 'cp-npd-'));
  writeFileSync(join(dir, 'nodename'), 'node-1');
});
after(async () => {
  await Promise.all([felix.close(), deniedBird.close()]);
  rmSync(dir, { recursive: true, force: true });
});

interface PluginResult {
  status: 'OK' | 'NonOK' | 'Unknown';
  code: number | null;
  message: string;
}

/** What NPD's custompluginmonitor does with a plugin run (its plugin.go). */
async function runAsNpd(args: string[]): Promise<PluginResult> {
  const { result, raw } = await spawnAsNpd(args);
  const trimmed = raw.trim();
  // What NPD keeps is what calico-probe printed: one line that never needs the cut.
  assert.equal(result.message, trimmed, 'the line fits in max_output_length');
  assert.ok(Buffer.byteLength(trimmed) <= MAX_OUTPUT_LENGTH);
  assert.doesNotMatch(trimmed, /\n/, 'one line');
  return result;
}

function spawnAsNpd(args: string[]): Promise<{ result: PluginResult; raw: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH },
  });
  let out = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    if (out.length < READ_LIMIT) out = Buffer.concat([out, chunk]).subarray(0, READ_LIMIT);
  });
  child.stderr.resume();
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), PLUGIN_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      const trimmed = out.toString('utf8').trim();
      const message = Buffer.from(trimmed).subarray(0, MAX_OUTPUT_LENGTH).toString('utf8');
      const status = code === 0 ? 'OK' : code === 1 ? 'NonOK' : 'Unknown';
      resolve({ result: { status, code, message }, raw: out.toString('utf8') });
    });
  });
}

const felixReady = (...extra: string[]) => [
  'check',
  'felix-ready',
  '--felix-url',
  felix.url,
  '--shutdown-file',
  join(dir, 'shutdownTS'),
  '-o',
  'npd',
  ...extra,
];

test('healthy: OK, saying what was proved', async () => {
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: true, ready: true }]);
  assert.deepEqual(await runAsNpd(felixReady()), { status: 'OK', code: 0, message: 'calico/node is ready' });
});

test('unhealthy: NonOK, naming the failing check and its cause within 80 bytes', async () => {
  felix.setReporters([{ name: 'InternalDataplaneMainLoopWithAVeryLongNameThatWouldNotFit', live: true, ready: false }]);
  const result = await runAsNpd(felixReady());
  assert.equal(result.status, 'NonOK');
  assert.match(result.message, /^felix-ready: /);
});

test('expected (node shutting down): OK, the problem is known and planned', async () => {
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: true, ready: false }]);
  writeFileSync(join(dir, 'shutdownTS'), '2026-12-03T07:00:00Z');
  try {
    const result = await runAsNpd(felixReady());
    assert.equal(result.status, 'OK');
    assert.match(result.message, /^expected shutting-down: felix-ready: /);
  } finally {
    rmSync(join(dir, 'shutdownTS'));
  }
});

test('no verdict: Unknown (2)', async () => {
  const result = await runAsNpd([
    'check',
    'bird-ready',
    '--bird-socket',
    deniedBird.path,
    '--nodename-file',
    join(dir, 'nodename'),
    '-o',
    'npd',
  ]);
  assert.deepEqual([result.status, result.code], ['Unknown', 2]);
  assert.match(result.message, /^unknown: bird-ready: /);
});

test('a usage error: Unknown (2), with the reason on stdout', async () => {
  const result = await runAsNpd([...felixReady(), '--timeout', '0']);
  assert.deepEqual([result.status, result.code], ['Unknown', 2]);
  assert.match(result.message, /^unknown: invalid value "0" for --timeout/);
});

test("README's custom-plugin-monitor config runs calico-probe within NPD's limits", async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /```json\n(\{\n {2}"plugin": "custom"[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has the custom-plugin-monitor config');
  const config = JSON.parse(block) as {
    pluginConfig: { timeout: string; max_output_length: number };
    conditions: { type: string }[];
    rules: { type: string; condition: string; path: string; args: string[]; timeout: string }[];
  };
  assert.equal(config.pluginConfig.max_output_length, MAX_OUTPUT_LENGTH);
  const rule = config.rules[0];
  assert.ok(rule);
  assert.deepEqual([rule.type, rule.condition, config.conditions[0]?.type], ['permanent', 'CalicoNodeProblem', 'CalicoNodeProblem']);
  const seconds = (d: string) => Number(/^(\d+)s$/.exec(d)?.[1]);
  const probeTimeout = rule.args[rule.args.indexOf('--timeout') + 1] as string;
  assert.ok(seconds(probeTimeout) < seconds(rule.timeout), 'the probe answers before NPD kills it');
  felix.setReporters([{ name: 'InternalDataplaneMainLoop', live: true, ready: true }]);
  // The same arguments, pointed at this test's Felix; IPv4 BIRD is not part of this run.
  const result = await runAsNpd([...rule.args.map((a) => (a === 'ready' ? 'check' : a)), 'felix-ready', '--felix-url', felix.url]);
  assert.equal(result.status, 'OK', result.message);
});
