// The environment variables calico-probe honours, read once at start-up and passed
// down as plain values: nothing else in src/ touches process.env.

export interface ProbeEnv {
  felixHealthHost: string | undefined;
  felixHealthPort: string | undefined;
  nodenameFile: string | undefined;
  /** $NODENAME, as calico-node's own environment sets it. */
  nodeName: string | undefined;
  /** $PROMETHEUS_URL, for `cluster`. */
  prometheusUrl: string | undefined;
  ip: string | undefined;
  ip6: string | undefined;
  /** NO_COLOR set and non-empty, or TERM=dumb. */
  noColor: boolean;
  /** FORCE_COLOR set to anything but 0/false. */
  forceColor: boolean;
}

export function readEnv(env: NodeJS.ProcessEnv): ProbeEnv {
  const forceColor = env.FORCE_COLOR;
  return {
    felixHealthHost: env.FELIX_HEALTHHOST,
    felixHealthPort: env.FELIX_HEALTHPORT,
    nodenameFile: env.CALICO_NODENAME_FILE,
    nodeName: env.NODENAME,
    prometheusUrl: env.PROMETHEUS_URL,
    ip: env.IP,
    ip6: env.IP6,
    noColor: Boolean(env.NO_COLOR) || env.TERM === 'dumb',
    forceColor: forceColor !== undefined && forceColor !== '0' && forceColor !== 'false',
  };
}
