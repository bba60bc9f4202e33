/**
 * Boundary tests of the probe parsers the live checks grade on (issue 7): ping loss 0% vs one lost
 * packet, duplicates, a killed ping, the resolver failures; nslookup answer vs NXDOMAIN vs timeout;
 * the CNI IPAM type.
 */
import { describe, expect, it } from 'vitest';
import { cniIpamType } from './cni.ts';
import { parseNslookup } from './nslookup.ts';
import { parseBusyboxPing, pingResolveFailure } from './ping.ts';

const busybox = (transmitted: number, received: number, loss: number, extra = '') =>
  [
    'PING 192.168.1.4 (192.168.1.4): 56 data bytes',
    ...Array.from(
      { length: received },
      (_, i) => `64 bytes from 192.168.1.4: seq=${i} ttl=62 time=0.${i + 1}00 ms`,
    ),
    '',
    '--- 192.168.1.4 ping statistics ---',
    `${transmitted} packets transmitted, ${received} packets received, ${extra}${loss}% packet loss`,
    ...(received ? ['round-trip min/avg/max = 0.100/0.200/0.300 ms'] : []),
    '',
  ].join('\n');

describe('parseBusyboxPing at its boundaries', () => {
  it('0% loss vs one lost packet', () => {
    expect(parseBusyboxPing(busybox(3, 3, 0))).toEqual({
      format: 'busybox',
      target: '192.168.1.4',
      ip: '192.168.1.4',
      transmitted: 3,
      received: 3,
      lossPct: 0,
      rtt: { min: 0.1, avg: 0.2, max: 0.3 },
      complete: true,
    });
    expect(parseBusyboxPing(busybox(3, 2, 33))).toMatchObject({ transmitted: 3, received: 2, lossPct: 33 });
    const none = parseBusyboxPing(busybox(3, 0, 100));
    expect(none).toMatchObject({ received: 0, lossPct: 100, complete: true });
    expect(none).not.toHaveProperty('rtt');
    expect(none).not.toHaveProperty('duplicates');
  });

  it('reads CRLF output the same', () => {
    expect(parseBusyboxPing(busybox(3, 2, 33).replace(/\n/g, '\r\n'))).toMatchObject({
      received: 2,
      lossPct: 33,
    });
  });

  it('a killed ping counts its replies, leaving out duplicates, and is incomplete', () => {
    const out = [
      'PING pod.default.pod.cluster.local (192.168.1.4): 56 data bytes',
      '64 bytes from 192.168.1.4: seq=0 ttl=62 time=0.100 ms',
      '64 bytes from 192.168.1.4: seq=0 ttl=62 time=0.100 ms (DUP!)',
      '64 bytes from 192.168.1.4: seq=1 ttl=62 time=0.200 ms',
      '',
    ].join('\n');
    expect(parseBusyboxPing(out)).toEqual({
      format: 'busybox',
      target: 'pod.default.pod.cluster.local',
      ip: '192.168.1.4',
      transmitted: 2,
      received: 2,
      lossPct: 0,
      complete: false,
    });
    expect(parseBusyboxPing('PING x (1.2.3.4): 56 data bytes\n')).toMatchObject({
      received: 0,
      complete: false,
    });
  });

  it('iputils: fractional loss, errors and duplicates', () => {
    const out = [
      'PING 192.168.1.4 (192.168.1.4) 56(84) bytes of data.',
      '64 bytes from 192.168.1.4: icmp_seq=1 ttl=62 time=0.151 ms',
      '',
      '--- 192.168.1.4 ping statistics ---',
      '3 packets transmitted, 1 received, +1 duplicates, +1 errors, 66.6667% packet loss, time 2003ms',
      'rtt min/avg/max/mdev = 0.151/0.151/0.151/0.000 ms',
    ].join('\n');
    expect(parseBusyboxPing(out)).toEqual({
      format: 'iputils',
      target: '192.168.1.4',
      ip: '192.168.1.4',
      transmitted: 3,
      received: 1,
      duplicates: 1,
      lossPct: 66.6667,
      rtt: { min: 0.151, avg: 0.151, max: 0.151 },
      complete: true,
    });
  });

  it('does not read busybox statistics under an iputils header, nor an iputils rtt under busybox', () => {
    const mixed = [
      'PING 192.168.1.4 (192.168.1.4): 56 data bytes',
      '3 packets transmitted, 3 received, 0% packet loss, time 2003ms',
      'rtt min/avg/max/mdev = 0.1/0.2/0.3/0.0 ms',
    ].join('\n');
    const r = parseBusyboxPing(mixed);
    expect(r).toMatchObject({ format: 'busybox', complete: false });
    expect(r).not.toHaveProperty('rtt');
  });
});

describe('pingResolveFailure', () => {
  it.each([
    ["ping: bad address 'a.b'", { name: 'a.b' }],
    ["ping: bad address ''", { name: '' }],
    ['ping: web.default: Temporary failure in name resolution', { name: 'web.default' }],
    ['ping: web: Name or service not known', { name: 'web' }],
    ['ping: web: Some other error', null],
    ['PING web (1.2.3.4): 56 data bytes', null],
  ])('%s', (out, want) => {
    expect(pingResolveFailure(out)).toEqual(want);
  });
});

describe('parseNslookup: answer vs NXDOMAIN vs timeout', () => {
  it('an answer: the server line is not an answer', () => {
    const r = parseNslookup(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.104.12.34\n',
    );
    expect(r).toEqual({
      server: '10.96.0.10',
      answers: [{ name: 'web.default.svc.cluster.local', address: '10.104.12.34' }],
      nxdomain: false,
      timedOut: false,
    });
  });

  it('NXDOMAIN, in both busybox formats', () => {
    const r = parseNslookup(
      "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find web.default: NXDOMAIN\n",
    );
    expect(r).toMatchObject({ answers: [], nxdomain: true, timedOut: false });
    expect(parseNslookup("nslookup: can't resolve 'web'\n").nxdomain).toBe(true);
    expect(parseNslookup("** server can't find web.default: SERVFAIL\n").nxdomain).toBe(false);
  });

  it('a timeout is not NXDOMAIN', () => {
    expect(parseNslookup(';; connection timed out; no servers could be reached\n')).toEqual({
      server: '',
      answers: [],
      nxdomain: false,
      timedOut: true,
    });
  });

  it('old format answers, CRLF, and a PTR answer read back to its address', () => {
    const old = parseNslookup(
      'Server:    10.96.0.10\r\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\r\n\r\nName:      web\r\nAddress 1: 10.104.12.34 web.default.svc.cluster.local\r\n',
    );
    expect(old.answers).toEqual([{ name: 'web', address: '10.104.12.34' }]);
    const ptr = parseNslookup('34.12.104.10.in-addr.arpa\tname = web.default.svc.cluster.local.\n');
    expect(ptr.answers).toEqual([{ name: 'web.default.svc.cluster.local', address: '10.104.12.34' }]);
  });
});

describe('cniIpamType', () => {
  it.each([
    ['{"plugins":[{"type":"calico","ipam":{"type":"calico-ipam"}}]}', 'calico-ipam'],
    [
      '{"plugins":[{"type":"other","ipam":{"type":"host-local"}},{"type":"calico","ipam":{"type":"calico-ipam"}}]}',
      'calico-ipam',
    ],
    ['{"plugins":[{"type":"other","ipam":{"type":"host-local"}}]}', 'host-local'],
    ['{"plugins":[{"type":"calico","ipam":{"type":7}}]}', null],
    ['{"plugins":[{"type":"calico"}]}', null],
    ['{"type":"calico","ipam":{"type":"host-local","subnet":"usePodCidr"}}', 'host-local'],
    ['[1,2]', null],
    ['null', null],
    ['{"plugins":[{"type":"calico","ipam":{"type":"host-local"', 'host-local'],
    ['not json at all', null],
  ])('%s -> %s', (config, want) => {
    expect(cniIpamType(config)).toBe(want);
  });
});
