import { describe, expect, it } from 'vitest';
import { buildEvidence, dnsBroken, icmpBlocked, REF } from '../../testing/evidence-builder.ts';
import { grade, notPassing } from '../../testing/live-results.ts';

describe('network.ping-ip / network.ping-fqdn', () => {
  it('ICMP blocked between racks: both fail with 100% loss and a cross-rack hint', () => {
    const r = grade(buildEvidence(icmpBlocked));
    expect(notPassing(r)).toEqual({ 'network.ping-ip': 'fail', 'network.ping-fqdn': 'fail' });
    expect(r['network.ping-ip']?.message).toBe(
      `${REF.pods[0]} (minikube) → ${REF.pods[1]} (minikube-m02) at 192.168.1.4: 3 transmitted, 0 received, 100% packet loss; ` +
        `${REF.pods[1]} (minikube-m02) → ${REF.pods[0]} (minikube) at 192.168.0.68: 3 transmitted, 0 received, 100% packet loss`,
    );
    expect(r['network.ping-ip']?.hint).toMatch(/between the racks/);
    expect(r['network.ping-fqdn']?.message).toContain(
      'at 192-168-1-4.default.pod.cluster.local (192.168.1.4): 3 transmitted, 0 received, 100% packet loss',
    );
    expect(r['network.ping-ip']?.diagnostics).toContain('== calico-node log (tail) ==');
  });

  it('DNS broken: the name ping fails as unresolved, the IP ping passes', () => {
    const r = grade(buildEvidence(dnsBroken));
    expect(r['network.ping-ip']?.status).toBe('pass');
    expect(r['network.ping-fqdn']?.message).toContain(
      "at 192-168-1-4.default.pod.cluster.local: the name did not resolve (ping: bad address '192-168-1-4.default.pod.cluster.local')",
    );
    expect(r['network.ping-fqdn']?.hint).toMatch(/CoreDNS/);
  });

  it('catches a name that resolves to another address', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.ping[2]!.resolvedIp = '10.244.205.195';
      }),
    );
    expect(r['network.ping-fqdn']?.message).toContain(
      `the name resolved to 10.244.205.195, not ${REF.pods[1]}'s IP 192.168.1.4`,
    );
  });

  it('a ping "by IP" to an address of no app pod fails, even when answered', () => {
    // The probe names a pod the evidence has no IP for (e.g. it was replaced): 8.8.8.8 answering proves nothing.
    const r = grade(
      buildEvidence((e) => {
        const p = e.probes.ping.find((x) => x.kind === 'ip')!;
        p.to = 'gone-pod';
        p.target = '8.8.8.8';
      }),
    );
    expect(r['network.ping-ip']?.status).toBe('fail');
    expect(r['network.ping-ip']?.message).toContain(
      'gone-pod is not an app pod with an IP on record, so 8.8.8.8 is not known to be its address',
    );
  });

  it('skips when no ping of that kind was run', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.ping = e.probes.ping.filter((p) => p.kind === 'ip');
      }),
    );
    expect(r['network.ping-fqdn']).toMatchObject({ status: 'skip' });
    expect(r['network.ping-ip']?.status).toBe('pass');
  });
});

describe('dns.service-resolves', () => {
  it('fails when no server answers (dns broken)', () => {
    const r = grade(buildEvidence(dnsBroken));
    expect(r['dns.service-resolves']?.message).toBe(
      `lab4-service.default.svc.cluster.local from ${REF.pods[0]}: no DNS server answered (;; connection timed out; no servers could be reached)`,
    );
    expect(r['dns.service-resolves']?.hint).toMatch(/k8s-app=kube-dns/);
  });

  it('fails on NXDOMAIN (docs/reference-facts.md, container-tools-output §3)', () => {
    const r = grade(
      buildEvidence((e) => {
        const d = e.probes.dns[0]!;
        d.resolved = [];
        d.exitCode = 1;
        d.output = `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find ${d.name}: NXDOMAIN\n\n`;
      }),
    );
    expect(r['dns.service-resolves']?.message).toBe(
      `lab4-service.default.svc.cluster.local from ${REF.pods[0]}: NXDOMAIN (no such name)`,
    );
  });

  it('reads the answer from the raw output when the driver recorded none', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.dns[0]!.resolved = [];
      }),
    );
    expect(r['dns.service-resolves']?.status).toBe('pass');
  });
});
