import { describe, expect, it } from 'vitest';
import { parseNslookup } from './nslookup.ts';

describe('parseNslookup (docs/reference-facts.md, container-tools-output §3)', () => {
  it('reads an A answer and skips the server address line (assembled from nslookup.c format strings)', () => {
    const out =
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\t10-244-120-68.default.pod.cluster.local\nAddress: 10.244.120.68\n\n\n';
    expect(parseNslookup(out)).toEqual({
      server: '10.96.0.10',
      answers: [{ name: '10-244-120-68.default.pod.cluster.local', address: '10.244.120.68' }],
      nxdomain: false,
      timedOut: false,
    });
  });

  it('reads a Service lookup with an empty AAAA reply', () => {
    const out =
      'Server:\t\t10.96.0.10\r\nAddress:\t10.96.0.10:53\r\n\r\nName:\tlab4-service.default.svc.cluster.local\r\nAddress: 10.104.12.34\r\n\r\n\r\n';
    expect(parseNslookup(out).answers).toEqual([
      { name: 'lab4-service.default.svc.cluster.local', address: '10.104.12.34' },
    ]);
  });

  it('reads a REAL PTR answer (VACHESLAVE lab4 README; kubectl shows tabs as spaces)', () => {
    const out = [
      'Server:         10.96.0.10',
      'Address:        10.96.0.10:53',
      '',
      '2.239.244.10.in-addr.arpa       name = 10-244-239-2.service-lab4.default.svc.cluster.local',
      '',
    ].join('\n');
    expect(parseNslookup(out)).toEqual({
      server: '10.96.0.10',
      answers: [{ name: '10-244-239-2.service-lab4.default.svc.cluster.local', address: '10.244.239.2' }],
      nxdomain: false,
      timedOut: false,
    });
  });

  it('flags NXDOMAIN (printed for A and AAAA, exit 1)', () => {
    const out =
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\ncommand terminated with exit code 1\n";
    expect(parseNslookup(out)).toMatchObject({ answers: [], nxdomain: true, timedOut: false });
  });

  it('flags a lookup no server answered', () => {
    const out =
      ';; connection timed out; no servers could be reached\n\ncommand terminated with exit code 1\n';
    expect(parseNslookup(out)).toEqual({ server: '', answers: [], nxdomain: false, timedOut: true });
  });

  it('reads the old busybox ≤1.28 format', () => {
    const out = [
      'Server:    10.96.0.10',
      'Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local',
      '',
      'Name:      lab4-service',
      'Address 1: 10.104.12.34 lab4-service.default.svc.cluster.local',
    ].join('\n');
    expect(parseNslookup(out).answers).toEqual([{ name: 'lab4-service', address: '10.104.12.34' }]);
    expect(parseNslookup("Server: 10.96.0.10\n\nnslookup: can't resolve 'nosuch'\n").nxdomain).toBe(true);
  });
});
