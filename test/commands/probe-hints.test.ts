// On a machine without Calico, a person at a terminal is told which options point elsewhere;
// the kubelet (no terminal) and -q never see the hint. The checks run for real, against
// paths and a port where nothing is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConfig } from '../../src/cli/config.ts';
import { readEnv } from '../../src/cli/env.ts';
import { run } from '../../src/commands/probe.ts';

const nowhere = {
  felixUrl: 'http://127.0.0.1:1',
  birdSocket: '/nonexistent/bird.ctl',
  serviceDir: '/nonexistent/service',
  nodenameFile: '/nonexistent/nodename',
  timeout: '3s',
};

async function probe(command: 'live' | 'ready', columns: number | undefined, quiet = false) {
  const config = buildConfig({ command }, { ...nowhere, quiet }, readEnv({}), false);
  let err = '';
  const code = await run(config, {
    writeOut: () => {},
    writeErr: (t) => {
      err += t;
    },
    columns,
  });
  return { code, err };
}

test('nothing of Calico here, at a terminal: the hint names the options', async () => {
  for (const command of ['live', 'ready'] as const) {
    const { code, err } = await probe(command, 80);
    assert.equal(code, 1);
    assert.match(
      err,
      /^calico-probe: nothing of Calico answered here\. .*--felix-url, --bird-socket, --bird6-socket, --service-dir and --nodename-file/,
    );
  }
});

test('no hint in a pipe (the kubelet) or with -q', async () => {
  assert.equal((await probe('ready', undefined)).err, '');
  assert.equal((await probe('ready', 80, true)).err, '');
});
