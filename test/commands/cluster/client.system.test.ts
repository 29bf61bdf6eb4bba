// The Prometheus client as `cluster` uses it, against small HTTP servers on 127.0.0.1 that
// misbehave: every failure is exit 3 with a sentence, within --timeout; credentials are sent as
// configured, read from files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/run-cli.ts';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void, body: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const vector = (result: unknown[]) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result } });

test('a Prometheus that never answers: exit 3 within --timeout, saying so', async () => {
  await serve(
    () => {},
    async (url) => {
      const run = await runCli(['cluster', '--prometheus', url, '--timeout', '700ms']);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /^calico-probe: Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer within --timeout$/m);
      assert.ok(run.wallMs < 700 + 1500, `took ${run.wallMs} ms`);
    },
  );
});

test('not Prometheus, refused credentials, a rejected query: exit 3, each with its reason', async () => {
  let mode = 'html';
  await serve(
    (_req, res) => {
      if (mode === 'html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      else if (mode === 'auth') res.writeHead(401).end('unauthorized');
      else
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
    },
    async (url) => {
      let run = await runCli(['cluster', '--prometheus', url]);
      assert.equal(run.code, 3);
      assert.match(run.stderr, /answered HTTP 200 with something that is not Prometheus's JSON API: is the URL right\?/);
      mode = 'auth';
      run = await runCli(['cluster', '--prometheus', url]);
      assert.equal(run.code, 3);
      assert.match(run.stderr, /refused the credentials \(HTTP 401\)/);
      mode = 'api';
      run = await runCli(['cluster', '--prometheus', url]);
      assert.equal(run.code, 3);
      assert.match(run.stderr, /rejected a query \(bad_data\): parse error/);
    },
  );
});

test('basic and bearer credentials come from files and reach Prometheus; a path prefix is kept', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cp-cluster-auth-'));
  try {
    await writeFile(join(dir, 'password'), 's3cret\n');
    await writeFile(join(dir, 'token'), 'tok-123\n');
    const seen: string[] = [];
    await serve(
      (req, res) => {
        seen.push(`${req.url} ${req.headers.authorization}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(vector([]));
      },
      async (url) => {
        let run = await runCli([
          'cluster',
          '--prometheus',
          `${url}/prom/`,
          '--basic-auth-user',
          'me',
          '--basic-auth-password-file',
          join(dir, 'password'),
        ]);
        assert.equal(run.code, 3, 'no series');
        assert.match(run.stderr, /has no calico-probe series/);
        assert.ok(
          seen.every((s) => s === `/prom/api/v1/query Basic ${Buffer.from('me:s3cret').toString('base64')}`),
          seen.join('\n'),
        );
        seen.length = 0;
        run = await runCli(['cluster', '--prometheus', url, '--bearer-token-file', join(dir, 'token')]);
        assert.ok(seen.length > 0 && seen.every((s) => s === '/api/v1/query Bearer tok-123'), seen.join('\n'));
        run = await runCli(['cluster', '--prometheus', url, '--bearer-token-file', join(dir, 'absent')]);
        assert.equal(run.code, 2);
        assert.match(run.stderr, /cannot read --bearer-token-file .*absent: no such file/);
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
