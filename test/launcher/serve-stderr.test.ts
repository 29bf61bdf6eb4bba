// serve's stderr is JSON lines only: through the launcher (bin/calico-probe.js), whose import()
// support Node flags experimental, no ExperimentalWarning comes before them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from '../support/serve-process.ts';

test('serve through the launcher: every stderr line is JSON, no ExperimentalWarning', async () => {
  const serve = await startServe(['--felix-url', 'http://127.0.0.1:1', '--bird-socket', '/nonexistent/bird.ctl', '--family', 'ipv4'], {
    env: { CALICO_PROBE_CACHE_DIR: '' },
  });
  try {
    // The first probe run is what imports undici (Felix's HTTP client).
    await serve.waitForLog('probe-changed', (line) => line.probe === 'ready');
  } finally {
    await serve.stop();
  }
  assert.deepEqual(
    serve.logs.filter((line) => line.event === 'not-json'),
    [],
  );
});
