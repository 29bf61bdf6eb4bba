// The environment variables calico-probe honours, read once at start-up and passed
// down as plain values: nothing else in src/ touches process.env.

export interface ProbeEnv {
  felixHealthHost: string | undefined;
  felixHealthPort: string | undefined;
  nodenameFile: string | undefined;
  ip: string | undefined;
  ip6: string | undefined;
  /** calico-node's CALICO_SHUTDOWN_TIMESTAMP_FILE: where its preStop writes the shutdown marker. */
  shutdownFile: string | undefined;
  /** calico-node's NODENAME. */
  nodeName: string | undefined;
  kubeconfig: string | undefined;
  /** Set by the kubelet in every pod: the API server's in-cluster address. */
  kubernetesServiceHost: string | undefined;
  kubernetesServicePort: string | undefined;
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
    ip: env.IP,
    ip6: env.IP6,
    shutdownFile: env.CALICO_SHUTDOWN_TIMESTAMP_FILE,
    nodeName: env.NODENAME,
    kubeconfig: env.KUBECONFIG,
    kubernetesServiceHost: env.KUBERNETES_SERVICE_HOST,
    kubernetesServicePort: env.KUBERNETES_SERVICE_PORT,
    noColor: Boolean(env.NO_COLOR) || env.TERM === 'dumb',
    forceColor: forceColor !== undefined && forceColor !== '0' && forceColor !== 'false',
  };
}
