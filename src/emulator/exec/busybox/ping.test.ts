// Formats from docs/reference-facts.md, container-tools-output §1 (busybox networking/ping.c format strings).
import { describe, expect, it } from 'vitest';
import { IP_B, labCluster, POD_A } from '../../test-support/lab-cluster.ts';

const REPLY = /^64 bytes from 192\.168\.1\.4: seq=(\d) ttl=62 time=\d+\.\d{3} ms$/;

describe('busybox ping', () => {
  it('prints header, replies, statistics and round-trip like busybox, exit 0', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['ping', '-c', '3', IP_B]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('PING 192.168.1.4 (192.168.1.4): 56 data bytes');
    expect(lines.slice(1, 4).map((l) => REPLY.exec(l)?.[1])).toEqual(['0', '1', '2']);
    expect(lines.slice(4)).toEqual([
      '',
      '--- 192.168.1.4 ping statistics ---',
      '3 packets transmitted, 3 packets received, 0% packet loss',
      expect.stringMatching(/^round-trip min\/avg\/max = \d+\.\d{3}\/\d+\.\d{3}\/\d+\.\d{3} ms$/),
      '',
    ]);
    const times = lines.slice(1, 4).map((l) => Number(/time=([\d.]+)/.exec(l)![1]));
    const [min, avg, max] = /= ([\d./]+) ms/.exec(lines[7])![1].split('/').map(Number);
    expect(min).toBe(Math.min(...times));
    expect(max).toBe(Math.max(...times));
    expect(avg).toBeGreaterThanOrEqual(min);
  });

  it('names the host as typed and resolves DNS names of service-backed pods', async () => {
    const { exec } = labCluster();
    const host = '192-168-1-4.lab4-service.default.svc.cluster.local';
    const r = await exec(POD_A, ['ping', '-c', '1', host]);
    expect(
      r.stdout.startsWith(
        `PING ${host} (192.168.1.4): 56 data bytes\n64 bytes from 192.168.1.4: seq=0 ttl=62`,
      ),
    ).toBe(true);
    expect(r.stdout).toContain(`--- ${host} ping statistics ---`);
  });

  it('reports 100% loss without a round-trip line and exits 1 when ICMP is blocked between racks', async () => {
    const { exec } = labCluster({ icmpBlocked: true });
    const r = await exec(POD_A, ['ping', '-c', '3', IP_B]);
    expect(r).toEqual({
      stdout:
        'PING 192.168.1.4 (192.168.1.4): 56 data bytes\n\n--- 192.168.1.4 ping statistics ---\n3 packets transmitted, 0 packets received, 100% packet loss\n',
      stderr: '',
      exitCode: 1,
    });
  });

  it('fails with bad address for unknown names', async () => {
    const { exec } = labCluster();
    expect(await exec(POD_A, ['ping', '-c', '1', 'nosuch'])).toEqual({
      stdout: '',
      stderr: "ping: bad address 'nosuch'\n",
      exitCode: 1,
    });
  });

  it('sends 4 packets when -c is missing instead of running forever; -q hides replies', async () => {
    const { exec } = labCluster();
    expect((await exec(POD_A, ['ping', IP_B])).stdout).toContain('4 packets transmitted, 4 packets received');
    const q = await exec(POD_A, ['ping', '-q', '-c', '2', IP_B]);
    expect(q.stdout).not.toContain('bytes from');
    expect(q.stdout).toContain('2 packets transmitted, 2 packets received, 0% packet loss');
  });

  it('shows usage for options after the host (musl getopt does not permute)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['ping', IP_B, '-c', '3']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Usage: ping [OPTIONS] HOST');
  });
});
