import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressIndex,
  cidrContains,
  cidrSize,
  cidrsOverlap,
  classifyV4,
  nthAddress,
  parseCidr,
  SERVICE_CIDR,
} from './cidr.ts';

describe('parseCidr', () => {
  it('parses and masks IPv4', () => {
    expect(parseCidr('10.244.0.0/16')).toEqual({
      text: '10.244.0.0/16',
      kind: 'ipv4',
      network: '10.244.0.0',
      prefix: 16,
      hostBitsSet: false,
      canonical: '10.244.0.0/16',
    });
    // docs/reference-facts.md, calico-ippool §2: host bits set, e.g. 192.168.0.5/24.
    expect(parseCidr('192.168.0.5/24')).toMatchObject({
      network: '192.168.0.0',
      hostBitsSet: true,
      canonical: '192.168.0.0/24',
    });
  });

  it('parses IPv6', () => {
    expect(parseCidr('fd00:10:244::/64')).toMatchObject({ kind: 'ipv6', prefix: 64, hostBitsSet: false });
    expect(parseCidr('2001:db8::1/64')).toMatchObject({ canonical: '2001:db8::/64', hostBitsSet: true });
  });

  it.each([
    '192.168.0.0/33',
    '192.168.0.0',
    '192.168.0.0/',
    '192.168.0/24',
    '010.0.0.0/8', // Go's ParseCIDR rejects leading zeros
    '0x0a.0.0.0/8',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    ' 10.0.0.0/8',
    'fe80::1%eth0/64',
    '::/129',
    'rack-0',
    '',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeNull();
  });
});

describe('containment and overlap', () => {
  it('cidrContains', () => {
    expect(cidrContains('10.244.0.0/16', '10.244.120.65')).toBe(true);
    expect(cidrContains('10.244.0.0/16', '10.245.0.1')).toBe(false);
    expect(cidrContains('192.168.0.0/24', '192.168.0.255')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '::1')).toBe(false);
    expect(cidrContains('garbage', '10.0.0.1')).toBe(false);
    expect(cidrContains('10.0.0.0/8', 'garbage')).toBe(false);
  });

  it('cidrsOverlap', () => {
    // Lab pools (docs/reference-facts.md, calico-ippool §5): 192.168.0.0/24 and 192.168.1.0/24 are disjoint.
    expect(cidrsOverlap('192.168.0.0/24', '192.168.1.0/24')).toBe(false);
    expect(cidrsOverlap('192.168.0.0/24', '192.168.0.0/16')).toBe(true);
    expect(cidrsOverlap('192.168.0.0/16', '192.168.0.128/25')).toBe(true);
    expect(cidrsOverlap('10.244.0.0/16', SERVICE_CIDR)).toBe(false);
    expect(cidrsOverlap('10.96.0.0/16', SERVICE_CIDR)).toBe(true);
    expect(cidrsOverlap('10.0.0.0/8', 'fd00::/8')).toBe(false);
    expect(cidrsOverlap('x', '10.0.0.0/8')).toBe(false);
  });

  it('overlap is symmetric and matches containment of network addresses (property)', () => {
    const v4 = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 32 }))
      .map(([n, p]) => `${[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')}/${p}`);
    fc.assert(
      fc.property(v4, v4, (a, b) => {
        const pa = parseCidr(a)!;
        const pb = parseCidr(b)!;
        const expected = cidrContains(pa.canonical, pb.network) || cidrContains(pb.canonical, pa.network);
        return cidrsOverlap(a, b) === expected && cidrsOverlap(b, a) === expected;
      }),
    );
  });
});

describe('sizes and addresses', () => {
  it('cidrSize', () => {
    expect(cidrSize('10.244.0.0/16')).toBe(65536);
    expect(cidrSize('192.168.0.0/26')).toBe(64);
    expect(cidrSize('10.0.0.1/32')).toBe(1);
    expect(cidrSize('fd00::/64')).toBe(2 ** 64);
    expect(Number.isFinite(cidrSize('::/0'))).toBe(true);
    expect(cidrSize('nope')).toBeNaN();
  });

  it('nthAddress / addressIndex', () => {
    // docs/reference-facts.md, calico-ippool §5: node minikube's block 10.244.120.64/26 hands out .64 (tunl0), .65, .66, ...
    expect(nthAddress('10.244.120.64/26', 0)).toBe('10.244.120.64');
    expect(nthAddress('10.244.120.64/26', 1)).toBe('10.244.120.65');
    expect(nthAddress('10.244.120.64/26', 63)).toBe('10.244.120.127');
    expect(nthAddress('0.0.0.0/0', 2 ** 32 - 1)).toBe('255.255.255.255');
    expect(() => nthAddress('10.244.120.64/26', 64)).toThrow(RangeError);
    expect(() => nthAddress('fd00::/64', 1)).toThrow(RangeError);
    expect(addressIndex('10.244.120.64/26', '10.244.120.68')).toBe(4);
    expect(addressIndex('10.244.120.64/26', '10.244.120.128')).toBe(-1);
    expect(addressIndex('garbage', '10.0.0.1')).toBe(-1);
  });

  it('addressIndex inverts nthAddress (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 32 }), fc.nat(), (prefix, seed) => {
        const cidr = `10.${seed % 256}.0.0/${prefix}`;
        const canonical = parseCidr(cidr)!.canonical;
        const n = seed % cidrSize(cidr);
        return addressIndex(canonical, nthAddress(canonical, n)) === n;
      }),
    );
  });
});

describe('classifyV4', () => {
  it.each([
    ['192.168.0.0/16', 'private'],
    ['10.244.0.0/16', 'private'],
    ['172.16.0.0/12', 'private'],
    ['172.16.0.0/11', 'other'], // straddles private and public
    ['100.64.0.0/10', 'other'], // shared address space (RFC 6598)
    ['8.8.8.0/24', 'public'],
    ['8.0.0.0/7', 'public'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.0.0/16', 'link-local'],
    ['224.0.0.0/4', 'other'],
    ['0.0.0.0/0', 'other'],
    ['fd00::/8', 'other'],
    ['junk', 'other'],
  ])('%s -> %s', (cidr, expected) => {
    expect(classifyV4(cidr)).toBe(expected);
  });
});
