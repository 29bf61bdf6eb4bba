// felix-live and felix-ready called in-process: the transport is a stub answering a FelixResponse
// (bodies are the captured Felix tables in test/fixtures/felix) or throwing the FelixHttpError the
// real client throws. Messages are calico-node's wording (README, Exit status).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { felixLive, felixReady } from '../../src/checks/felix.ts';
import { FelixHttpError, getFelix } from '../../src/felix/http.ts';
import { baseConfig, context, felixAnswer, scratch, stubTransport } from '../support/check-context.ts';
import { freePort, rawServer } from '../support/felix-servers.ts';

const table = (name: string): string => readFileSync(new URL(`../fixtures/felix/${name}.txt`, import.meta.url), 'utf8');
const HEALTHY = table('bordered-healthy');
const NOT_READY = table('bordered-override-detail');
const TIMED_OUT = table('reference-timed-out');

const tmp = scratch();
after(() => tmp.cleanup());
const config = baseConfig(tmp.dir, { felixUrl: 'http://127.0.0.1:9099' });
const READINESS = 'http://127.0.0.1:9099/readiness';
const LIVENESS = 'http://127.0.0.1:9099/liveness';

const steps = (layers: { step: string; ok: boolean; skipped?: boolean }[]) =>
  layers.map((l) => `${l.step}:${l.skipped ? 'skipped' : l.ok ? 'ok' : 'bad'}`);

test('felix-ready: 200 with every reporter ready passes, asking /readiness with the run signal', async () => {
  const transport = stubTransport({ felix: felixAnswer(READINESS, 200, HEALTHY) });
  const ctx = context(config, transport);
  const result = await felixReady(ctx);
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'Felix reports ready (HTTP 200)');
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(transport.felixCalls, [READINESS]);
  assert.deepEqual(result.layers, [
    { step: 'connect', ok: true, detail: 'connected to 127.0.0.1:9099' },
    { step: 'http', ok: true, detail: `GET ${READINESS} answered 200` },
    { step: 'reporters', ok: true, detail: '3 reporters, none reports not ready' },
    { step: 'rule', ok: true, detail: 'HTTP 200 is within 200–399: ready' },
  ]);
  assert.equal(result.details.httpStatus, 200);
});

test('felix-live: 200 passes, asking /liveness', async () => {
  const transport = stubTransport({ felix: felixAnswer(LIVENESS, 200, HEALTHY) });
  const result = await felixLive(context(config, transport));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'Felix reports live (HTTP 200)');
  assert.deepEqual(transport.felixCalls, [LIVENESS]);
});

test('felix-ready: 503 fails, naming the reporters not ready with their detail', async () => {
  const transport = stubTransport({ felix: felixAnswer(READINESS, 503, NOT_READY) });
  const result = await felixReady(context(config, transport));
  assert.equal(result.status, 'fail');
  assert.equal(
    result.message,
    'felix is not ready: readiness probe reporting 503 (BPFEndpointManager reporting non-ready: Waiting for BPF programs to be attached to 3 interfaces, InternalDataplaneMainLoop timed out)',
  );
  assert.deepEqual(steps(result.layers), ['connect:ok', 'http:ok', 'reporters:bad', 'rule:bad']);
  assert.equal(result.layers[2]?.detail, '2 of 4 reporters not ready: BPFEndpointManager, InternalDataplaneMainLoop');
  assert.equal(result.layers[3]?.detail, 'HTTP 503 is outside 200–399: not ready');
});

test("felix-live: 503 fails with calico-node's capitalised prefix, naming the reporters not live", async () => {
  const transport = stubTransport({ felix: felixAnswer(LIVENESS, 503, NOT_READY) });
  const result = await felixLive(context(config, transport));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'Felix is not live: liveness probe reporting 503 (InternalDataplaneMainLoop reporting non-live)');
});

test('felix-live: a reporter timed out is named as such', async () => {
  const result = await felixLive(context(config, stubTransport({ felix: felixAnswer(LIVENESS, 500, TIMED_OUT) })));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'Felix is not live: liveness probe reporting 500 (InternalDataplaneMainLoop timed out)');
});

test('felix-ready: a failing status whose body is no health table fails without names', async () => {
  const result = await felixReady(context(config, stubTransport({ felix: felixAnswer(READINESS, 503, 'Service Unavailable\n') })));
  assert.equal(result.status, 'fail');
  assert.equal(result.message, 'felix is not ready: readiness probe reporting 503');
  assert.deepEqual(result.layers[2], { step: 'reporters', ok: false, detail: 'body is not a Felix health table' });
});

test('felix-ready: the status decides, not the table (200 with a non-ready reporter passes)', async () => {
  const result = await felixReady(context(config, stubTransport({ felix: felixAnswer(READINESS, 200, NOT_READY) })));
  assert.equal(result.status, 'pass');
  assert.equal(result.message, 'Felix reports ready (HTTP 200)');
  assert.equal(result.layers[2]?.ok, false, 'the table still explains what it says');
});

test('felix-ready: a redirect is not followed and passes with a warning, as the kubelet does', async () => {
  const answer = felixAnswer(READINESS, 302, '', { location: 'http://127.0.0.1:9099/elsewhere' });
  const result = await felixReady(context(config, stubTransport({ felix: answer })));
  assert.equal(result.status, 'warn');
  assert.equal(result.message, 'Felix reports ready (HTTP 302)');
  assert.deepEqual(result.warnings, [`${READINESS} redirected to http://127.0.0.1:9099/elsewhere; not followed`]);

  const bare = await felixReady(context(config, stubTransport({ felix: felixAnswer(READINESS, 307, '') })));
  assert.deepEqual(bare.warnings, [`${READINESS} redirected to (no location); not followed`]);
});

test('felix-ready: a body cut at the cap passes with a warning', async () => {
  const answer = felixAnswer(READINESS, 200, HEALTHY, { truncated: true });
  const result = await felixReady(context(config, stubTransport({ felix: answer })));
  assert.equal(result.status, 'warn');
  assert.deepEqual(result.warnings, [`${READINESS}: response body larger than 64 KiB; only the first 64 KiB were read`]);
});

test("felix-ready: connection refused (the real client's error) fails; later steps not reached", async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/readiness`;
  const refused = await getFelix(url, { signal: AbortSignal.timeout(5000) }).then(
    () => assert.fail('nothing should listen there'),
    (error: unknown) => error,
  );
  assert.ok(refused instanceof FelixHttpError);
  const result = await felixReady(
    context(baseConfig(tmp.dir, { felixUrl: `http://127.0.0.1:${port}` }), stubTransport({ felix: refused })),
  );
  assert.equal(result.status, 'fail');
  assert.equal(result.message, `felix is not ready: GET ${url}: connection refused (nothing listening on 127.0.0.1:${port})`);
  assert.deepEqual(steps(result.layers), ['connect:bad', 'http:skipped', 'reporters:skipped', 'rule:skipped']);
  assert.equal(result.layers[1]?.detail, 'not reached: no connection');
});

test('felix-live: the run signal aborts a hung Felix; the check names the stage it stopped at', async () => {
  const silent = await rawServer(() => {}); // accepts, reads, never answers
  try {
    const signal = AbortSignal.timeout(100);
    const transport = stubTransport({ felix: (s) => getFelix(silent.url('/liveness'), { signal: s }) });
    const started = performance.now();
    const result = await felixLive(context(baseConfig(tmp.dir, { felixUrl: silent.url('') }), transport, { signal }));
    assert.ok(performance.now() - started < 2000, 'ended at the signal');
    assert.equal(result.status, 'fail');
    assert.equal(result.message, `Felix is not live: GET ${silent.url('/liveness')}: no response headers within the deadline`);
    assert.deepEqual(steps(result.layers), ['connect:ok', 'http:bad', 'reporters:skipped', 'rule:skipped']);
    assert.equal(result.layers[2]?.detail, 'not reached: no complete answer');
  } finally {
    await silent.close();
  }
});

test('felix-ready: an error that is not a FelixHttpError is a bug and is thrown, not judged', async () => {
  await assert.rejects(felixReady(context(config, stubTransport({ felix: new TypeError('boom') }))), /boom/);
});
