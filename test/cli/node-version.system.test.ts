// On a Node older than package.json's engines every command refuses with one line and exit 2
// (UNKNOWN under -o nagios), before anything that breaks on an old Node (serve's import()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MIN_NODE, nodeTooOld } from '../../src/util/node-version.ts';
import { runCli } from '../support/run-cli.ts';

test('the minimum is package.json engines', () => {
  const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } })
    .engines.node;
  assert.equal(engines, `>=${MIN_NODE.join('.')}.0`);
  assert.equal(nodeTooOld('v20.20.2'), 'calico-probe needs Node.js ≥ 22.19 (this is v20.20.2)');
  assert.equal(nodeTooOld('v22.18.9'), 'calico-probe needs Node.js ≥ 22.19 (this is v22.18.9)');
  assert.equal(nodeTooOld('v22.19.0'), undefined);
  assert.equal(nodeTooOld('v24.1.0'), undefined);
  assert.equal(nodeTooOld(process.version), undefined);
});

/** A Node older than engines on this machine (Debian 12's is 18, this image's 20), if any. */
function oldNode(): string | undefined {
  for (const path of ['/usr/bin/node', '/usr/local/bin/node']) {
    try {
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
      if (nodeTooOld(version) !== undefined) return path;
    } catch {
      /* not there */
    }
  }
  return undefined;
}

test('an old Node: every command says which Node it needs and exits 2', async (t) => {
  const node = oldNode();
  if (node === undefined) {
    t.skip('no Node.js older than 22.19 on this machine (the pure check above still ran)');
    return;
  }
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const message = `calico-probe needs Node.js ≥ 22.19 (this is ${version})\n`;
  for (const args of [
    ['ready'],
    ['live', '-o', 'json'],
    ['serve'],
    ['peers'],
    ['watch', 'ready'],
    ['completion', 'bash'],
    ['-felix-ready'],
  ]) {
    const run = await runCli(args, { execPath: node });
    assert.deepEqual([run.code, run.stdout, run.stderr], [2, '', message], args.join(' '));
  }
  const nagios = await runCli(['ready', '-o', 'nagios'], { execPath: node });
  assert.deepEqual([nagios.code, nagios.stdout], [3, `CALICO-PROBE UNKNOWN - ${message}`]);
});
