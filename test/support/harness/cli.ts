// Manual use of the harness:
//   node test/support/harness/cli.ts up [--detach] [--json] [--no-graceful-restart]
//   node test/support/harness/cli.ts status <dir>
//   node test/support/harness/cli.ts down <dir>...
// `up` stays in the foreground and tears everything down on Ctrl-C; with --detach it leaves the
// daemons running and prints the `down` command that removes them.

import { parseArgs } from 'node:util';
import { daemonsMissing } from './availability.ts';
import { connectOutcome, birdctl, protocolRows } from './birdctl.ts';
import { launchHarness, type Harness } from './harness.ts';
import { harnessLayout, readState } from './layout.ts';
import { $ } from 'zx';
import { SERVICES } from './runit.ts';
import { teardownDir } from './teardown.ts';
import type { NodeKind } from './topology.ts';

const USAGE = 'usage: cli.ts up [--detach] [--json] [--no-graceful-restart] | status <dir> | down <dir>...';
const KINDS: NodeKind[] = ['bird', 'bird6', 'bird2', 'bird3'];

function summary(h: Harness, ms: number): string {
  const lines = [
    `harness up in ${(ms / 1000).toFixed(1)} s: ${h.dir}`,
    `  --service-dir   ${h.serviceDir}`,
    `  --nodename-file ${h.nodenameFile}`,
    ...KINDS.map((k) =>
      h.daemons.includes(k)
        ? `  ${`${k} socket`.padEnd(15)} ${h.daemon(k).socket}  (${(h.protocolNames[k] ?? []).join(' ')})`
        : `  ${k.padEnd(15)} not started: ${daemonsMissing(k)}`,
    ),
    `  logs            ${h.logDir}`,
    `  netns           ${h.namespaces.join(' ')}`,
    'peers:',
    ...h.peers.map(
      (p) =>
        `  ${p.name.padEnd(24)} ${p.address.padEnd(9)} ${p.impl.padEnd(8)} pid ${String(p.pid() ?? '-').padEnd(7)} on ${p.nodes.join(',')}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function up(detach: boolean, json: boolean, gracefulRestart: boolean): Promise<void> {
  const t0 = Date.now();
  const h = await launchHarness({ gracefulRestart }, { teardownOnExit: !detach });
  const out = json
    ? `${JSON.stringify({ dir: h.dir, serviceDir: h.serviceDir, nodenameFile: h.nodenameFile, bird: h.bird, bird6: h.bird6, bird2: h.bird2, bird3: h.bird3 && { socket: h.bird3.socket }, daemons: h.daemons, namespaces: h.namespaces, peers: h.peers.map((p) => ({ name: p.name, address: p.address, port: p.port, family: p.family, impl: p.impl, nodes: p.nodes, socket: p.socket })) }, null, 2)}\n`
    : summary(h, Date.now() - t0);
  process.stdout.write(out);
  if (detach) {
    process.stderr.write(`left running; remove with: node ${import.meta.filename} down ${h.dir}\n`);
    return;
  }
  process.stderr.write('Ctrl-C tears it down\n');
  // The exit/signal hooks registered by launchHarness do the teardown; this only keeps us alive.
  setInterval(() => {}, 1 << 30);
}

async function status(dir: string): Promise<void> {
  const state = readState(dir);
  if (state === undefined) throw new Error(`${dir}: no harness state.json`);
  const L = harnessLayout(dir);
  for (const s of SERVICES) {
    const out = await $({ quiet: true, nothrow: true })`${state.bins.sv} status ${`${L.serviceDir}/${s}`}`;
    process.stdout.write(out.stdout || out.stderr);
  }
  for (const k of state.daemons ?? KINDS) {
    const socket = L.socket(k);
    const outcome = await connectOutcome(socket);
    if (outcome !== 'ok') {
      process.stdout.write(`${k}: ${socket}: ${outcome}\n`);
      continue;
    }
    const rows = protocolRows(await birdctl(socket, 'show protocols')).filter((r) => r.proto === 'BGP');
    process.stdout.write(`${k}: ${rows.map((r) => `${r.name}=${r.info ?? r.state}`).join(' ')}\n`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { detach: { type: 'boolean' }, json: { type: 'boolean' }, 'no-graceful-restart': { type: 'boolean' } },
  });
  const [command, ...dirs] = positionals;
  if (command === 'up' && dirs.length === 0)
    return up(values.detach === true, values.json === true, values['no-graceful-restart'] !== true);
  if (command === 'status' && dirs.length === 1) return status(dirs[0]!);
  if (command === 'down' && dirs.length > 0) {
    for (const dir of dirs) {
      await teardownDir(dir);
      process.stdout.write(`removed ${dir}\n`);
    }
    return;
  }
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
