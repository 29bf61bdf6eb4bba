// Which answer each request gets: paths, aliases, methods, bodies, JSON negotiation, labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { route } from '../../../src/commands/serve/routes.ts';

const get = (url: string, headers: Record<string, string> = {}, method = 'GET') => route({ method, url, headers }, true);

test('the probe endpoints and their aliases', () => {
  assert.deepEqual(get('/livez'), { kind: 'probe', probe: 'live', json: false, label: '/livez' });
  assert.deepEqual(get('/liveness'), { kind: 'probe', probe: 'live', json: false, label: '/liveness' });
  assert.deepEqual(get('/readyz'), { kind: 'probe', probe: 'ready', json: false, label: '/readyz' });
  assert.deepEqual(get('/readiness', {}, 'HEAD'), { kind: 'probe', probe: 'ready', json: false, label: '/readiness' });
});

test("JSON with ?verbose (any value) or Accept: application/json; the kubelet's */* gets text", () => {
  assert.equal((get('/readyz?verbose') as { json: boolean }).json, true);
  assert.equal((get('/readyz?verbose=1&x=y') as { json: boolean }).json, true);
  assert.equal((get('/readyz', { accept: 'application/json' }) as { json: boolean }).json, true);
  assert.equal((get('/readyz', { accept: '*/*' }) as { json: boolean }).json, false);
  assert.equal((get('/readyz?quiet') as { json: boolean }).json, false);
});

test('refusals: unknown path 404, other methods 405, any body 413; labels stay a fixed set', () => {
  assert.deepEqual([get('/readyz/').kind, (get('/readyz/') as { status: number }).status, get('/x?y').label], ['refuse', 404, 'other']);
  assert.equal((get('/livez', {}, 'POST') as { status: number }).status, 405);
  assert.equal((get('/livez', { 'content-length': '5' }) as { status: number }).status, 413);
  assert.equal((get('/livez', { 'transfer-encoding': 'chunked' }) as { status: number }).status, 413);
  assert.equal(get('/livez', { 'content-length': '0' }).kind, 'probe');
  assert.deepEqual(get('/metrics'), { kind: 'metrics', label: '/metrics' });
  const off = route({ method: 'GET', url: '/metrics', headers: {} }, false);
  assert.deepEqual([off.kind, (off as { status: number }).status, off.label], ['refuse', 404, 'other']);
  assert.doesNotMatch((off as { message: string }).message, /metrics/);
});
