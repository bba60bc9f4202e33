// Expected records follow docs/reference-facts.md, kubectl-and-pods §5 (Kubernetes DNS spec, CoreDNS `pods insecure`).
import { describe, expect, it } from 'vitest';
import { IP_A, IP_B, labCluster, pod, SERVICE_IP, service } from '../test-support/lab-cluster.ts';

describe('CoreDNS emulation', () => {
  const { store, network } = labCluster();
  const dns = network.dns;
  store.create('services', service('web', 'None', { app: 'lab4' }, { clusterIP: 'None' }));

  it('answers a Service name with its ClusterIP, authoritatively', () => {
    const r = dns.query('lab4-service.default.svc.cluster.local', 'A');
    expect(r).toEqual({
      rcode: 'NOERROR',
      authoritative: true,
      answers: [{ name: 'lab4-service.default.svc.cluster.local', type: 'A', value: SERVICE_IP }],
    });
    expect(dns.query('lab4-service.default.svc.cluster.local', 'AAAA')).toMatchObject({
      rcode: 'NOERROR',
      answers: [],
    });
  });

  it('answers a headless Service with the ready endpoint IPs', () => {
    const ips = dns.query('web.default.svc.cluster.local', 'A').answers.map((a) => a.value);
    expect(ips.sort()).toEqual([IP_A, IP_B].sort());
  });

  it('resolves any dashed IP under an existing namespace (pods insecure), not under a missing one', () => {
    expect(dns.query('10-9-8-7.default.pod.cluster.local', 'A').answers[0]?.value).toBe('10.9.8.7');
    expect(dns.query('10-9-8-7.nosuchns.pod.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('resolves <dashed-ip>.<svc>.<ns>.svc.cluster.local only for endpoints of that service', () => {
    expect(dns.query('192-168-1-4.lab4-service.default.svc.cluster.local', 'A').answers[0]?.value).toBe(IP_B);
    expect(dns.query('10-0-0-1.lab4-service.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });

  it('gives endpoint and service PTR names, NXDOMAIN for other IPs', () => {
    const ptr = dns.query('4.1.168.192.in-addr.arpa', 'PTR').answers.map((a) => a.value);
    expect(ptr).toContain('192-168-1-4.lab4-service.default.svc.cluster.local');
    expect(dns.query('37.13.104.10.in-addr.arpa', 'PTR').answers[0]?.value).toBe(
      'lab4-service.default.svc.cluster.local',
    );
    expect(dns.query('9.9.9.10.in-addr.arpa', 'PTR').rcode).toBe('NXDOMAIN');
  });

  it('returns NXDOMAIN for unknown services and names outside the cluster', () => {
    expect(dns.query('nosuch.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(dns.query('kubernetes.default', 'A').rcode).toBe('NXDOMAIN');
  });

  it('uses the hostname of pods with spec.hostname + subdomain', () => {
    store.create('pods', {
      ...pod({ name: 'web-0', node: 'minikube', ip: '192.168.0.70', labels: { app: 'lab4' } }),
      spec: {
        ...pod({ name: 'web-0', node: 'minikube', ip: '192.168.0.70' }).spec,
        hostname: 'web-0',
        subdomain: 'web',
      },
    });
    store.create('services', service('solo', 'None', { app: 'x' }, { clusterIP: 'None' }));
    expect(dns.query('solo.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN'); // headless, no endpoints
    expect(dns.query('web-0.web.default.svc.cluster.local', 'A').answers[0]?.value).toBe('192.168.0.70');
  });
});
