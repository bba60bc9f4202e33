// Formats from docs/reference-facts.md, container-tools-output §3 (busybox nslookup.c, FEATURE_NSLOOKUP_BIG).
import { describe, expect, it } from 'vitest';
import { IP_B, labCluster, POD_A } from '../../test-support/lab-cluster.ts';

const HEADER = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';

describe('busybox nslookup', () => {
  it('answers a pod FQDN like the reference A lookup (A answer, empty AAAA)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['nslookup', '10-244-120-68.default.pod.cluster.local']);
    expect(r).toEqual({
      stdout: `${HEADER}Name:\t10-244-120-68.default.pod.cluster.local\nAddress: 10.244.120.68\n\n\n`,
      stderr: '',
      exitCode: 0,
    });
  });

  it('gives the endpoint name for a service-backed pod IP (reference PTR sample)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['nslookup', IP_B]);
    expect(r.stdout).toBe(
      `${HEADER}4.1.168.192.in-addr.arpa\tname = 192-168-1-4.lab4-service.default.svc.cluster.local\n\n`,
    );
    expect(r.exitCode).toBe(0);
  });

  it('walks the search list for short names and exits 1 on the NXDOMAIN answers', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['nslookup', 'lab4-service']);
    expect(r.stdout).toBe(
      `${HEADER}Name:\tlab4-service.default.svc.cluster.local\nAddress: 10.104.13.37\n\n` +
        "** server can't find lab4-service.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find lab4-service.cluster.local: NXDOMAIN\n\n" +
        '\n' +
        "** server can't find lab4-service.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find lab4-service.cluster.local: NXDOMAIN\n\n",
    );
    expect(r.exitCode).toBe(1);
  });

  it('does not search for names with a dot (kubernetes.default fails with busybox nslookup)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['nslookup', 'nosuch.default.svc.cluster.local']);
    expect(r.stdout).toBe(
      `${HEADER}** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  it('times out when DNS is broken, or the server is not kube-dns', async () => {
    const broken = labCluster({ dnsBroken: true });
    const expected = {
      stdout: ';; connection timed out; no servers could be reached\n\n',
      stderr: '',
      exitCode: 1,
    };
    expect(await broken.exec(POD_A, ['nslookup', 'lab4-service'])).toEqual(expected);
    const { exec } = labCluster();
    expect(await exec(POD_A, ['nslookup', 'lab4-service', '10.96.0.11'])).toEqual(expected);
  });
});
