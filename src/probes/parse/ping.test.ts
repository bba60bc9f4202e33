import { describe, expect, it } from 'vitest';
import { parseBusyboxPing, pingResolveFailure } from './ping.ts';

describe('parseBusyboxPing', () => {
  it('reads a completed busybox run (docs/reference-facts.md, container-tools-output §1, assembled from ping.c format strings)', () => {
    const out = [
      'PING 10.244.205.195 (10.244.205.195): 56 data bytes',
      '64 bytes from 10.244.205.195: seq=0 ttl=62 time=0.308 ms',
      '64 bytes from 10.244.205.195: seq=1 ttl=62 time=0.137 ms',
      '64 bytes from 10.244.205.195: seq=2 ttl=62 time=0.133 ms',
      '',
      '--- 10.244.205.195 ping statistics ---',
      '3 packets transmitted, 3 packets received, 0% packet loss',
      'round-trip min/avg/max = 0.133/0.192/0.308 ms',
      '',
    ].join('\n');
    expect(parseBusyboxPing(out)).toEqual({
      format: 'busybox',
      target: '10.244.205.195',
      ip: '10.244.205.195',
      transmitted: 3,
      received: 3,
      lossPct: 0,
      rtt: { min: 0.133, avg: 0.192, max: 0.308 },
      complete: true,
    });
  });

  it('reads 100% loss: no round-trip line (§1)', () => {
    const out =
      'PING 192.168.1.4 (192.168.1.4): 56 data bytes\r\n\r\n--- 192.168.1.4 ping statistics ---\r\n' +
      '3 packets transmitted, 0 packets received, 100% packet loss\r\ncommand terminated with exit code 1\r\n';
    const r = parseBusyboxPing(out);
    expect(r).toMatchObject({ transmitted: 3, received: 0, lossPct: 100, complete: true });
    expect(r?.rtt).toBeUndefined();
  });

  it('reads duplicates (busybox prints `N duplicates, ` before the loss)', () => {
    const out =
      'PING 192.168.0.68 (192.168.0.68): 56 data bytes\n\n--- 192.168.0.68 ping statistics ---\n' +
      '3 packets transmitted, 3 packets received, 1 duplicates, 0% packet loss\nround-trip min/avg/max = 0.1/0.2/0.3 ms\n';
    expect(parseBusyboxPing(out)).toMatchObject({ duplicates: 1, received: 3, lossPct: 0 });
  });

  it('keeps the name typed and the address resolved for a DNS target (REAL header, VACHESLAVE lab4 README, §1)', () => {
    const out = [
      '/frontend # ping 10-244-113-195.service-lab4.default.svc.cluster.local',
      'PING 10-244-113-195.service-lab4.default.svc.cluster.local (10.244.113.195): 56 data bytes',
      '64 bytes from 10.244.113.195: seq=0 ttl=62 time=0.308 ms',
      '64 bytes from 10.244.113.195: seq=1 ttl=62 time=0.137 ms',
    ].join('\n');
    // The real paste was interrupted: no statistics, so the replies are counted and the result flagged.
    expect(parseBusyboxPing(out)).toEqual({
      format: 'busybox',
      target: '10-244-113-195.service-lab4.default.svc.cluster.local',
      ip: '10.244.113.195',
      transmitted: 2,
      received: 2,
      lossPct: 0,
      complete: false,
    });
  });

  it('reads iputils output and flags it (REAL centos pod, docs/reference-facts.md, container-tools-output §2)', () => {
    const out = [
      'PING 192.168.185.16 (192.168.185.16) 56(84) bytes of data.',
      '64 bytes from 192.168.185.16: icmp_seq=1 ttl=63 time=0.057 ms',
      '',
      '--- 192.168.185.16 ping statistics ---',
      '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
      'rtt min/avg/max/mdev = 0.057/0.057/0.057/0.000 ms',
    ].join('\n');
    expect(parseBusyboxPing(out)).toEqual({
      format: 'iputils',
      target: '192.168.185.16',
      ip: '192.168.185.16',
      transmitted: 1,
      received: 1,
      lossPct: 0,
      rtt: { min: 0.057, avg: 0.057, max: 0.057 },
      complete: true,
    });
    const loss =
      'PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.\n\n--- 10.0.0.9 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2031ms\n';
    expect(parseBusyboxPing(loss)).toMatchObject({ format: 'iputils', received: 0, lossPct: 100 });
  });

  it('returns null when ping never started', () => {
    expect(parseBusyboxPing("ping: bad address 'nosuch.default.svc.cluster.local'\n")).toBeNull();
    expect(parseBusyboxPing('')).toBeNull();
  });
});

describe('pingResolveFailure', () => {
  it('recognises busybox `bad address` (libbb/xconnect.c, §1) and the glibc message (§2)', () => {
    expect(pingResolveFailure("ping: bad address 'lab4-service.default'\n")).toEqual({
      name: 'lab4-service.default',
    });
    expect(pingResolveFailure('ping: nosuch: Name or service not known\n')).toEqual({ name: 'nosuch' });
    expect(pingResolveFailure('3 packets transmitted, 0 packets received, 100% packet loss')).toBeNull();
  });
});
