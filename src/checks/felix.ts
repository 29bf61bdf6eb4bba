// felix-live, felix-ready: GET Felix's /liveness or /readiness; 200–399 passes (a 3xx
// is not followed and passes with a warning, as the kubelet does); otherwise fail,
// naming the reporters Felix's table says are not live / not ready.
import { FelixHttpError } from '../felix/http.ts';
import { parseReporters, type FelixReporter } from '../felix/reporters.ts';
import { CHECK_PREFIX } from '../messages.ts';
import type { Check } from '../types.ts';
import { layer, outcome } from './result.ts';

type Probe = 'liveness' | 'readiness';

function felixCheck(name: 'felix-live' | 'felix-ready', probe: Probe): Check {
  return async ({ config, signal, transport }) => {
    const url = `${config.felixUrl}/${probe}`;
    const prefix = CHECK_PREFIX[name];
    let response;
    try {
      response = await transport.felix(url, signal);
    } catch (error) {
      if (!(error instanceof FelixHttpError)) throw error;
      return outcome('fail', prefix + error.message, { url }, { layers: [layer('http', false, error.message)] });
    }
    const { status } = response;
    const reporters = parseReporters(response.body);
    const details = { url, httpStatus: status, reporters: reporters ?? [] };
    const layers = [layer('http', true, `GET ${url} answered ${status}`)];
    if (status >= 200 && status < 400) {
      const warnings = status >= 300 ? [`${url} redirected to ${response.location ?? '(no location)'}; not followed`] : [];
      return outcome(warnings.length > 0 ? 'warn' : 'pass', `Felix reports ${probe === 'liveness' ? 'live' : 'ready'} (HTTP ${status})`, details, { warnings, layers });
    }
    const failing = (reporters ?? []).filter((r) => !(probe === 'liveness' ? r.live : r.ready));
    layers.push(layer('reporters', false, reporters ? `${failing.length} of ${reporters.length} reporters not ${probe === 'liveness' ? 'live' : 'ready'}` : 'body is not a Felix health table'));
    const named = failing.length > 0 ? ` (${failing.map((r) => describe(r, probe)).join(', ')})` : '';
    return outcome('fail', `${prefix}${probe} probe reporting ${status}${named}`, details, { layers });
  };
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
