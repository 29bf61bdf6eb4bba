// felix-live, felix-ready: GET Felix's /liveness or /readiness; 200–399 passes (a 3xx
// is not followed and passes with a warning, as the kubelet does); otherwise fail,
// naming the reporters Felix's table says are not live / not ready.
import { DEFAULT_MAX_BODY_BYTES, FelixHttpError, type FelixResponse } from '../felix/http.ts';
import { parseReporters, type FelixReporter } from '../felix/reporters.ts';
import { CHECK_PREFIX } from './wording.ts';
import type { Check, FelixDetails, Layer } from './types.ts';
import { layer, outcome, withUnreached } from './result.ts';

type Probe = 'liveness' | 'readiness';

/** The path every Felix check walks, for `-v`. */
const STEPS = ['connect', 'http', 'reporters', 'rule'] as const;

function felixCheck(name: 'felix-live' | 'felix-ready', probe: Probe): Check<FelixDetails> {
  const word = probe === 'liveness' ? 'live' : 'ready';
  return async ({ config, signal, transport }) => {
    const url = `${config.felixUrl}/${probe}`;
    const prefix = CHECK_PREFIX[name];
    let response: Awaited<ReturnType<typeof transport.felix>>;
    try {
      response = await transport.felix(url, signal);
    } catch (error) {
      if (!(error instanceof FelixHttpError)) throw error;
      return outcome('fail', prefix + error.message, { url }, { layers: failedRequest(error) });
    }
    const { status } = response;
    const reporters = parseReporters(response.body);
    const details: FelixDetails = { url, httpStatus: status, reporters: reporters ?? [] };
    const failing = (reporters ?? []).filter((r) => !(probe === 'liveness' ? r.live : r.ready));
    const passed = status >= 200 && status < 400;
    const warnings = answerWarnings(response);
    const layers: Layer[] = [
      layer('connect', true, `connected to ${new URL(url).host}`),
      layer('http', true, `GET ${url} answered ${status}`),
      reportersLayer(reporters, failing, word, passed),
    ];
    if (passed) {
      layers.push(layer('rule', true, `HTTP ${status} is within 200–399: ${word}`));
      return outcome(warnings.length > 0 ? 'warn' : 'pass', `Felix reports ${word} (HTTP ${status})`, details, { warnings, layers });
    }
    layers.push(layer('rule', false, `HTTP ${status} is outside 200–399: not ${word}`));
    const named = failing.length > 0 ? ` (${failing.map((r) => describe(r, probe)).join(', ')})` : '';
    // 404: something answers there, but not Felix's health server: name the URL asked.
    const notFound = status === 404 ? ` from ${url}: not Felix's health server? (--felix-url, FELIX_HEALTHHOST, FELIX_HEALTHPORT)` : '';
    return outcome('fail', `${prefix}${probe} probe reporting ${status}${named}${notFound}`, details, { warnings, layers });
  };
}

/** Where a request without an answer stopped: before connecting, or after it. */
function failedRequest(error: FelixHttpError): Layer[] {
  if (error.stage === 'lookup' || error.stage === 'connect')
    return withUnreached(STEPS, [layer('connect', false, error.message)], 'no connection');
  const layers = [layer('connect', true, 'connected'), layer('http', false, error.message)];
  return withUnreached(STEPS, layers, 'no complete answer');
}

function reportersLayer(reporters: FelixReporter[] | null, failing: FelixReporter[], word: string, passed: boolean): Layer {
  // Only the status decides; the table explains it, so an unreadable one is a problem only on failure.
  if (reporters === null) return layer('reporters', passed, 'body is not a Felix health table');
  if (failing.length === 0) return layer('reporters', true, `${reporters.length} reporters, none reports not ${word}`);
  return layer(
    'reporters',
    false,
    `${failing.length} of ${reporters.length} reporters not ${word}: ${failing.map((r) => r.name).join(', ')}`,
  );
}

/** What the kubelet would pass but a human should see: a redirect not followed, a body cut at the cap. */
function answerWarnings({ url, status, location, truncated }: FelixResponse): string[] {
  const warnings: string[] = [];
  if (status >= 300 && status < 400) warnings.push(`${url} redirected to ${location ?? '(no location)'}; not followed`);
  const cap = `${DEFAULT_MAX_BODY_BYTES / 1024} KiB`;
  if (truncated) warnings.push(`${url}: response body larger than ${cap}; only the first ${cap} were read`);
  return warnings;
}

/** `InternalDataplaneMainLoop timed out`, `BPFEndpointManager reporting non-ready: detail`. */
function describe(reporter: FelixReporter, probe: Probe): string {
  const state = probe === 'liveness' ? reporter.liveness : reporter.readiness;
  return `${reporter.name} ${state}${reporter.detail ? `: ${reporter.detail}` : ''}`;
}

/** Felix's liveness aggregate: every liveness reporter says live. */
export const felixLive = felixCheck('felix-live', 'liveness');
/** Felix's readiness aggregate: every readiness reporter says ready. */
export const felixReady = felixCheck('felix-ready', 'readiness');
