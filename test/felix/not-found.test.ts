// A Felix URL that answers 404 (something else listens there): the message names the URL asked
// and the options that choose it, after calico-node's own wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { runCli } from '../support/run-cli.ts';

test('Felix 404: the message names the URL', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const run = await runCli(['check', 'felix-ready', '--felix-url', url]);
    assert.equal(run.code, 1);
    assert.equal(
      run.firstLine,
      `calico/node is not ready: felix is not ready: readiness probe reporting 404 from ${url}/readiness: not Felix's health server? (--felix-url, FELIX_HEALTHHOST, FELIX_HEALTHPORT)`,
    );
  } finally {
    server.close();
  }
});
