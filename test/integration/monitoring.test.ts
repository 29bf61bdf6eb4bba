// Every probe of every core scenario (test/support/scenarios.ts) in the formats monitoring
// consumes, judged by the real consumers: node_exporter's textfile collector scrapes the
// --textfile, promtool checks the exposition, the Nagios line and exit code follow the state,
// and the JSON Schema shipped in src/report/ validates the JSON document.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExposition, samplesOf, type Sample } from '../support/exposition.ts';
import { requireRig, startRig, stopRig, type Rig } from '../support/integration.ts';
import { schemaErrors } from '../support/json-schema.ts';
import { promtoolCheck, requireMonitoringTools, startNodeExporter, type NodeExporter } from '../support/monitoring-tools.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';
import { SCENARIOS } from '../support/scenarios.ts';
import type { CheckStatus } from '../../src/checks/types.ts';

interface JsonCheck {
  name: string;
  status: CheckStatus;
  warnings: string[];
}
interface JsonDoc {
  status: CheckStatus;
  exitCode: number;
  checks: JsonCheck[];
}

const NAGIOS: Record<CheckStatus, [state: string, code: number]> = {
  pass: ['OK', 0],
  warn: ['WARNING', 1],
  fail: ['CRITICAL', 2],
  unknown: ['UNKNOWN', 3],
};
const EXIT: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 1, unknown: 3 };

let rig: Rig | undefined;
let exporter: NodeExporter | undefined;
let workDir = '';
let textDir = '';
/** One file for every run: two files with the same series would make node_exporter fail. */
let textfile = '';
before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cp-monitoring-'));
  textDir = join(workDir, 'textfile');
  textfile = join(textDir, 'calico-probe.prom');
  // Open to everyone, as the permission scenario writes its textfile as nobody.
  await chmod(workDir, 0o755);
  await mkdir(textDir);
  await chmod(textDir, 0o777);
  rig = await startRig();
});
after(async () => {
  await exporter?.stop();
  await stopRig(rig);
  await rm(workDir, { recursive: true, force: true });
});

/** node_exporter starts on first use, so a machine without it skips (or, in CI, fails) per test. */
async function scraper(): Promise<NodeExporter> {
  exporter ??= await startNodeExporter(textDir);
  return exporter;
}

function assertNagios(run: CliRun, doc: JsonDoc): void {
  const [state, code] = NAGIOS[doc.status];
  assert.equal(run.code, code, run.stdout + run.stderr);
  const [first = '', ...rest] = run.stdout.trimEnd().split('\n');
  const match = /^(CALICO-PROBE (\w+) - ([^|]+)) \| (.+)$/.exec(first);
  assert.ok(match, `status line: ${first}`);
  const [, head = '', seen, summary = '', perfdata = ''] = match;
  assert.equal(seen, state);
  assert.ok(head.length <= 80, `${head.length} characters before the perfdata: ${head}`);
  const problem = doc.checks.find((c) => c.status === doc.status && doc.status !== 'pass');
  if (problem) assert.ok(summary.startsWith(`${problem.name}: `), summary);
  const items = perfdata.split(' ');
  for (const item of items) assert.match(item, /^'[a-z0-9_]+'=\d+(\.\d+)?s?;;;0(;\d+)?$/, item);
  for (const check of doc.checks) {
    const label = check.name.replaceAll('-', '_');
    const healthy = check.status === 'pass' || check.status === 'warn';
    assert.ok(items.includes(`'${label}'=${healthy ? 1 : 0};;;0;1`), `${label} in ${perfdata}`);
    assert.ok(
      items.some((i) => i.startsWith(`'${label}_time'=`)),
      `${label}_time`,
    );
  }
  const perCheck = rest.filter((line) => line.startsWith('\\_['));
  assert.deepEqual(
    perCheck.map((line) => /^\\_\[(\w+)\] - ([\w-]+): /.exec(line)?.slice(1)),
    doc.checks.map((c) => [NAGIOS[c.status][0], c.name]),
  );
}

async function assertScraped(doc: JsonDoc): Promise<void> {
  const exposition = await readFile(textfile, 'utf8');
  const lint = promtoolCheck(exposition);
  assert.ok(lint.ok, `promtool check metrics on the textfile:\n${lint.output}\n${exposition}`);
  const scraped = parseExposition(await (await scraper()).scrape());
  assert.deepEqual(
    samplesOf(scraped, 'node_textfile_scrape_error').map((s) => s.value),
    [0],
    'node_textfile_scrape_error',
  );
  assert.equal(samplesOf(scraped, 'node_textfile_mtime_seconds', { file: textfile }).length, 1, 'node_exporter read the file');
  const success = samplesOf(scraped, 'calico_probe_check_success');
  // node_exporter sorts series by their labels.
  assert.deepEqual(
    success.map((s) => `${s.labels.check}=${s.value}`).sort(),
    doc.checks.map((c) => `${c.name}=${c.status === 'pass' || c.status === 'warn' ? 1 : 0}`).sort(),
  );
  const [lastRun] = samplesOf(scraped, 'calico_probe_last_run_timestamp_seconds');
  assert.ok(lastRun && Math.abs(lastRun.value - Date.now() / 1000) < 60, 'last run timestamp is now');
  // node_exporter sorts label names; compare series whatever the order.
  const ours = (samples: Sample[]) =>
    samples
      .filter((s) => s.name.startsWith('calico_probe_'))
      .map((s) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`)
      .sort();
  assert.deepEqual(ours(scraped), ours(parseExposition(exposition)), 'node_exporter serves the file as written');
}

describe('monitoring formats for every core scenario', { concurrency: false }, () => {
  for (const scenario of SCENARIOS) {
    test(scenario.name, async (t) => {
      if (!requireRig(t, rig, ...(scenario.needs ?? [])) || !requireMonitoringTools(t)) return;
      const r = rig;
      t.after(() => scenario.teardown(r)); // first, so a set-up that fails half-way is undone too
      await scenario.setup(r);
      for (const probe of scenario.probes) {
        await t.test(probe.name, async (tp) => {
          if (!requireRig(tp, r, ...(probe.needs ?? []))) return;
          await r.harness.setNodenameAge(probe.nodenameAge);
          const as = probe.uid === undefined ? {} : { uid: probe.uid, gid: probe.uid };
          const args = probe.args(r);

          const json = await runCli([...args, '-o', 'json'], as);
          const doc = JSON.parse(json.stdout) as JsonDoc;
          assert.deepEqual(schemaErrors(doc), [], json.stdout);
          assert.equal(doc.status, probe.status, json.stdout);
          assert.equal(json.code, EXIT[probe.status]);
          assert.equal(doc.exitCode, json.code);

          const nagios = await runCli([...args, '-o', 'nagios', '--textfile', textfile], as);
          assertNagios(nagios, doc);
          await assertScraped(doc);

          const prometheus = await runCli([...args, '-o', 'prometheus'], as);
          assert.equal(prometheus.code, EXIT[probe.status]);
          const lint = promtoolCheck(prometheus.stdout);
          assert.ok(lint.ok, `promtool check metrics on stdout:\n${lint.output}`);
        });
      }
    });
  }
});

describe('consumers without the rig', () => {
  test('node_exporter rejects a textfile with a sample timestamp (the check above can fail)', async (t) => {
    if (!requireMonitoringTools(t)) return;
    const bad = join(textDir, 'zz-bad.prom');
    await writeFile(bad, '# HELP x_total A counter.\n# TYPE x_total counter\nx_total 1 1700000000000\n');
    try {
      const scraped = parseExposition(await (await scraper()).scrape());
      assert.deepEqual(
        samplesOf(scraped, 'node_textfile_scrape_error').map((s) => s.value),
        [1],
      );
    } finally {
      await rm(bad);
    }
  });

  test('a stalled BIRD socket at the deadline: CRITICAL, exit 2, textfile still written', async (t) => {
    if (!requireMonitoringTools(t)) return;
    const socket = join(workDir, 'stalled.ctl');
    const server = net.createServer(() => {
      /* accept and never write */
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const run = await runCli([
        'check',
        'bird-ready',
        '--bird-socket',
        socket,
        '--nodename-file',
        socket,
        '--timeout',
        '1s',
        '-o',
        'nagios',
        '--textfile',
        textfile,
      ]);
      assert.ok(run.wallMs < 1000 + 250, `took ${run.wallMs} ms`);
      assert.equal(run.code, 2, run.stdout);
      assert.match(run.stdout, /^CALICO-PROBE CRITICAL - bird-ready: no reply from BIRD socket /);
      assert.ok(run.stdout.split('\n')[1]?.includes(`${socket} within the deadline`), run.stdout);
      await assertScraped({ status: 'fail', exitCode: 1, checks: [{ name: 'bird-ready', status: 'fail', warnings: [] }] });
    } finally {
      server.close();
    }
  });
});
