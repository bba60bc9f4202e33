// TTLs from docs/reference-facts.md, container-tools-output §1: 64 self, 63 same node, 62 across nodes (IPIP).
import { describe, expect, it } from 'vitest';
import { IP_A, IP_B, labCluster, POD_A, pod, SERVICE_IP } from '../test-support/lab-cluster.ts';

describe('ICMP echo paths', () => {
  const { store, network } = labCluster();
  store.create('pods', pod({ name: 'neighbour', node: 'minikube', ip: '192.168.0.69' }));
  const podA = store.get('pods', 'default', POD_A)!;

  it('uses TTL 64 for itself, 63 on the same node, 62 across nodes', () => {
    expect(network.echo(podA, IP_A)).toMatchObject({ reachable: true, ttl: 64 });
    expect(network.echo(podA, '192.168.0.69')).toMatchObject({ reachable: true, ttl: 63, sameNode: true });
    expect(network.echo(podA, IP_B)).toMatchObject({ reachable: true, ttl: 62, sameNode: false });
  });

  it('answers from node IPs (own node 64, other node 63) and never from a ClusterIP', () => {
    expect(network.echo(podA, '192.168.49.2')).toMatchObject({ reachable: true, ttl: 64 });
    expect(network.echo(podA, '192.168.49.3')).toMatchObject({ reachable: true, ttl: 63 });
    expect(network.echo(podA, SERVICE_IP).reachable).toBe(false);
    expect(network.echo(podA, '10.1.2.3').reachable).toBe(false);
  });

  it('drops ICMP between pods on different nodes with the icmpBlocked fault only', () => {
    const blocked = labCluster({ icmpBlocked: true });
    blocked.store.create('pods', pod({ name: 'neighbour', node: 'minikube', ip: '192.168.0.69' }));
    const a = blocked.store.get('pods', 'default', POD_A)!;
    expect(blocked.network.echo(a, IP_B).reachable).toBe(false);
    expect(blocked.network.echo(a, '192.168.0.69').reachable).toBe(true);
  });
});
