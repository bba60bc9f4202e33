/** `a-b-c-d.NS.pod.cluster.local`: the pod A record CoreDNS serves (docs/reference-facts.md, kubectl-and-pods §5). */
export function podFqdn(ip: string, namespace: string): string {
  return `${ip.replaceAll('.', '-')}.${namespace}.pod.cluster.local`;
}
