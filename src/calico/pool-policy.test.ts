import { describe, expect, it } from 'vitest';
import { type PoolPolicy, poolCidrProblems, poolOverlaps, staticReservedNetworks } from './pool-policy.ts';

// minikube's docker network and service CIDR (docs/reference-facts.md, minikube §3: nodes 192.168.49.2, .3;
// --service-cluster-ip-range 10.96.0.0/12).
const policy: PoolPolicy = {
  minPrefixV4: 8,
  reserved: [
    ...staticReservedNetworks('192.168.49.0/24', '10.96.0.0/12'),
    { cidr: '192.168.49.2/32', what: "node minikube's address" },
  ],
};
const rules = (cidr: string) => poolCidrProblems({ name: 'p', cidr }, policy).map((p) => p.rule);

describe('poolCidrProblems', () => {
  it("accepts the lab's pools", () => {
    for (const cidr of ['192.168.0.0/24', '192.168.1.0/24', '10.0.0.0/24', '172.16.0.0/12', '10.128.0.0/9'])
      expect(rules(cidr), cidr).toEqual([]);
  });
  it('refuses pools wider than /8 — /8 itself is the boundary', () => {
    expect(rules('11.0.0.0/8')).toEqual([]);
    expect(rules('10.0.0.0/8')).toEqual(['reserved-network']); // only because it holds the service CIDR
    expect(rules('12.0.0.0/7')).toEqual(['pool-size']);
    expect(poolCidrProblems({ name: 'all', cidr: '0.0.0.0/0' }, policy)[0]?.message).toContain(
      'every address',
    );
  });
  it('refuses special ranges: link-local, loopback, multicast, reserved, "this network"', () => {
    expect(rules('169.254.0.0/16')).toEqual(['special-range']);
    expect(rules('169.254.1.0/24')).toEqual(['special-range']);
    expect(rules('169.253.0.0/16')).toEqual([]);
    expect(rules('127.0.0.0/24')).toEqual(['special-range']);
    expect(rules('224.0.0.0/24')).toEqual(['special-range']);
    expect(rules('240.0.0.0/24')).toEqual(['special-range']);
    expect(rules('0.0.0.0/24')).toEqual(['special-range']);
    expect(rules('fe80::/64')).toEqual(['special-range']);
  });
  it('refuses the node network and the service CIDR, on both sides of their edges', () => {
    expect(rules('192.168.49.0/24')).toEqual(['reserved-network', 'reserved-network']);
    expect(rules('192.168.48.0/24')).toEqual([]);
    expect(rules('192.168.50.0/24')).toEqual([]);
    expect(rules('192.168.0.0/16')).toEqual(['reserved-network', 'reserved-network']);
    expect(rules('10.96.0.0/24')).toEqual(['reserved-network']);
    expect(rules('10.111.255.0/24')).toEqual(['reserved-network']);
    expect(rules('10.112.0.0/24')).toEqual([]);
    expect(rules('10.95.255.0/24')).toEqual([]);
    expect(poolCidrProblems({ name: 'p', cidr: '192.168.49.0/30' }, policy).map((p) => p.message)).toEqual([
      "cidr 192.168.49.0/30 overlaps the node network (minikube's docker network) 192.168.49.0/24",
      "cidr 192.168.49.0/30 overlaps node minikube's address 192.168.49.2",
    ]);
  });
  it('leaves unparsable CIDRs to calicoctl validation', () => {
    expect(rules('not-a-cidr')).toEqual([]);
  });
});

describe('poolOverlaps', () => {
  it('reports each overlapping pair once, on the later pool', () => {
    expect(
      poolOverlaps([
        { name: 'rack-0', cidr: '192.168.0.0/16' },
        { name: 'rack-1', cidr: '192.168.1.0/24' },
        { name: 'rack-2', cidr: '10.0.0.0/24' },
      ]),
    ).toEqual([
      {
        pool: 'rack-1',
        rule: 'pool-overlap',
        message: "cidr 192.168.1.0/24 overlaps rack-0's 192.168.0.0/16",
      },
    ]);
  });
  it('adjacent pools do not overlap', () => {
    expect(
      poolOverlaps([
        { name: 'a', cidr: '192.168.0.0/24' },
        { name: 'b', cidr: '192.168.1.0/24' },
      ]),
    ).toEqual([]);
  });
});
