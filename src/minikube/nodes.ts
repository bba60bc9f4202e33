/**
 * minikube's nodes, as the grader reads them and the emulator makes them (minikube v1.34.0
 * pkg/minikube/config MachineName; docs/reference-facts.md, minikube §3): the first node is named
 * after the profile (`minikube`), the others `<profile>-m02`, `-m03`, … Inside the profile's
 * config.json the primary's name is '' and the others' `m02`, `m03`, …
 */

/** The one parser of a `-mNN` node suffix. */
const NODE_SUFFIX = /-m(\d+)$/;

/** Config name of node `index` (0-based): '' for the primary, then `m02`, `m03`, … */
export function configNodeName(index: number): string {
  return index === 0 ? '' : `m${String(index + 1).padStart(2, '0')}`;
}

/** Machine (and Kubernetes node) name of node `index` of a profile: `minikube`, `minikube-m02`, … */
export function nodeName(profile: string, index: number): string {
  return index === 0 ? profile : `${profile}-${configNodeName(index)}`;
}

/** Names of the nodes minikube creates for a profile: `minikube`, `minikube-m02`, … */
export function nodeNames(profile: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => nodeName(profile, i));
}

/**
 * The node number (1-based) a name's `-mNN` suffix gives: `minikube-m02` → 2, `lab-m3` → 3; undefined
 * without one (the primary, or a name of the user's own).
 */
export function nodeNumber(name: string): number | undefined {
  const m = NODE_SUFFIX.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** minikube's node order: the primary (no suffix) first, then -m02, -m03 …; names break ties. */
export function compareNodeNames(a: string, b: string): number {
  return (nodeNumber(a) ?? 1) - (nodeNumber(b) ?? 1) || a.localeCompare(b);
}

/**
 * The labels a fresh node carries that do not depend on the time or the minikube build (kubelet's
 * well-known labels, minikube's `minikube.k8s.io/name` and `primary`, kubeadm's control-plane labels).
 * minikube also sets `minikube.k8s.io/commit`, `updated_at` and `version`.
 */
export function nodeLabels(profile: string, index: number): Record<string, string> {
  const name = nodeName(profile, index);
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'minikube.k8s.io/name': profile,
    'minikube.k8s.io/primary': String(index === 0),
    ...(index === 0
      ? {
          'node-role.kubernetes.io/control-plane': '',
          'node.kubernetes.io/exclude-from-external-load-balancers': '',
        }
      : {}),
  };
}
