/**
 * `minikube status` data and formats (cmd/minikube/cmd/status.go at v1.34.0, reference
 * docs/reference-facts.md, minikube §4): the Status struct per node, the text templates, compact JSON (an object for
 * one node, an array for several, no trailing newline) and the exit-code bitmask.
 */
import { type ClusterConfig, machineName } from './cluster-config.ts';
import type { SimStatus } from './control-api.ts';

/** Field order = Go struct order, which encoding/json keeps. */
export interface NodeStatus {
  Name: string;
  Host: string;
  Kubelet: string;
  APIServer: string;
  Kubeconfig: string;
  Worker: boolean;
}

export interface StatusInput {
  config: ClusterConfig;
  /** The daemon's status when the cluster runs; undefined when it is stopped. */
  running: SimStatus | undefined;
  /** Whether the kubeconfig points the profile's context at the running API server. */
  kubeconfigMatches: boolean;
}

export function nodeStatuses({ config, running, kubeconfigMatches }: StatusInput): NodeStatus[] {
  return config.Nodes.map((n) => {
    const worker = !n.ControlPlane;
    const base = { Name: machineName(config.Name, n) };
    if (!running) {
      // A stopped host: every field repeats the host state (nodeStatus early return).
      return {
        ...base,
        Host: 'Stopped',
        Kubelet: 'Stopped',
        APIServer: 'Stopped',
        Kubeconfig: 'Stopped',
        Worker: worker,
      };
    }
    return {
      ...base,
      Host: 'Running',
      Kubelet: 'Running',
      APIServer: worker ? 'Irrelevant' : running.apiServer,
      Kubeconfig: worker ? 'Irrelevant' : kubeconfigMatches ? 'Configured' : 'Misconfigured',
      Worker: worker,
    };
  });
}

/** exitCode(): 1 = host not running, 2 = kubelet/apiserver not running, 4 = kubeconfig not configured. */
export function statusExitCode(statuses: NodeStatus[]): number {
  let code = 0;
  for (const st of statuses) {
    if (st.Host !== 'Running') code |= 1;
    if ((st.APIServer !== 'Running' && st.APIServer !== 'Irrelevant') || st.Kubelet !== 'Running') code |= 2;
    if (st.Kubeconfig !== 'Configured' && st.Kubeconfig !== 'Irrelevant') code |= 4;
  }
  return code;
}

export function statusJson(statuses: NodeStatus[]): string {
  return JSON.stringify(statuses.length === 1 ? statuses[0] : statuses);
}

const MISCONFIGURED_WARNING =
  '\nWARNING: Your kubectl is pointing to stale minikube-vm.\nTo fix the kubectl context, run `minikube update-context`\n';

export function statusText(st: NodeStatus): string {
  const text = st.Worker
    ? `${st.Name}\ntype: Worker\nhost: ${st.Host}\nkubelet: ${st.Kubelet}\n\n`
    : `${st.Name}\ntype: Control Plane\nhost: ${st.Host}\nkubelet: ${st.Kubelet}\napiserver: ${st.APIServer}\nkubeconfig: ${st.Kubeconfig}\n\n`;
  return st.Kubeconfig === 'Misconfigured' ? text + MISCONFIGURED_WARNING : text;
}

/** `--format` Go templates, the `{{.Field}}` subset (e.g. `{{.Host}}`). */
export function statusFormat(template: string, st: NodeStatus): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, field: string) =>
    field in st ? String(st[field as keyof NodeStatus]) : '<no value>',
  );
}
