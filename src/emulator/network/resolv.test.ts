// resolv.conf content per docs/reference-facts.md, kubectl-and-pods §5 (kubelet ClusterFirst).
import { describe, expect, it } from 'vitest';
import { IP_B, labCluster, POD_A, SERVICE_IP } from '../test-support/lab-cluster.ts';
import { formatResolvConf } from './resolv.ts';

describe('pod resolver', () => {
  const { store, network } = labCluster();
  const podA = store.get('pods', 'default', POD_A)!;

  it('writes the kubelet ClusterFirst resolv.conf', () => {
    expect(formatResolvConf(network.resolvConf(podA))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it('expands short names through the search list like musl (kubernetes.default works for ping)', () => {
    expect(network.resolve('lab4-service', podA)).toEqual({ kind: 'ok', ips: [SERVICE_IP] });
    expect(network.resolve('lab4-service.default', podA)).toEqual({ kind: 'ok', ips: [SERVICE_IP] });
    expect(network.resolve('192-168-1-4.lab4-service.default.svc.cluster.local', podA)).toEqual({
      kind: 'ok',
      ips: [IP_B],
    });
  });

  it('uses /etc/hosts first: the own hostname and localhost', () => {
    expect(network.resolve(POD_A, podA)).toEqual({ kind: 'ok', ips: ['192.168.0.68'] });
    expect(network.resolve('localhost', podA)).toEqual({ kind: 'ok', ips: ['127.0.0.1'] });
  });

  it('stops at an empty answer: `default` names an existing namespace (default.svc.cluster.local has no A)', () => {
    expect(network.resolve('default', podA)).toEqual({ kind: 'not-found' });
  });

  it('times out when CoreDNS is broken', () => {
    const broken = labCluster({ dnsBroken: true });
    expect(broken.network.resolve('lab4-service', broken.store.get('pods', 'default', POD_A)!)).toEqual({
      kind: 'timeout',
    });
    expect(broken.network.resolve(IP_B, broken.store.get('pods', 'default', POD_A)!)).toEqual({
      kind: 'ok',
      ips: [IP_B],
    });
  });
});
