/**
 * Boundary tests of calicoctl's IPPool validation and the CIDR math under it (issue 7): every range
 * Calico draws, checked on both sides.
 */
import { describe, expect, it } from 'vitest';
import {
  addressIndex,
  cidrContains,
  cidrSize,
  cidrsOverlap,
  classifyV4,
  nthAddress,
  parseCidr,
} from './cidr.ts';
import { type IPPool, ipPoolFieldErrors, normalizeIPPool, validateIPPool } from './ippool.ts';

const pool = (spec: Record<string, unknown>, name = 'rack-0'): IPPool =>
  normalizeIPPool({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name }, spec }).pool;
const errors = (spec: Record<string, unknown>, name?: string) => validateIPPool(pool(spec, name));

describe('block size ranges', () => {
  it.each([
    ['192.168.0.0/16', 19, false],
    ['192.168.0.0/16', 20, true],
    ['192.168.0.0/24', 32, true],
    ['192.168.0.0/24', 33, false],
    ['fd00::/64', 115, false],
    ['fd00::/64', 116, true],
    ['fd00::/120', 128, true],
    ['fd00::/120', 129, false],
  ])('%s blockSize %i valid: %s', (cidr, blockSize, ok) => {
    const e = errors({ cidr, blockSize });
    expect(
      e.some((m) => m.includes('block size must be between')),
      e.join(),
    ).toBe(!ok);
    expect(e.length === 0).toBe(ok);
  });

  it('names the family and the size in the field error', () => {
    expect(ipPoolFieldErrors(pool({ cidr: '192.168.0.0/16', blockSize: 19 }))).toEqual([
      {
        field: 'IPPool.Spec.BlockSize',
        value: 19,
        reason: 'IPv4 block size must be between 20 and 32',
        stage: 1,
      },
    ]);
    expect(ipPoolFieldErrors(pool({ cidr: 'fd00::/64', blockSize: 129 }))[0]).toMatchObject({
      value: 129,
      reason: 'IPv6 block size must be between 116 and 128',
    });
  });

  it('an IPv6 pool defaults to /122 blocks; an IPv6 block size on an IPv4 pool is out of range', () => {
    expect(pool({ cidr: 'fd00::/122' }).blockSize).toBe(122);
    expect(errors({ cidr: 'fd00::/122' })).toEqual([]);
    expect(errors({ cidr: 'fd00::/123' })[0]).toContain('It must be equal to or greater than the block size');
    expect(errors({ cidr: '192.168.0.0/24', blockSize: 122 })[0]).toBe(
      'IPv4 block size must be between 20 and 32',
    );
  });
});

describe('pool size against block size', () => {
  it.each([
    ['192.168.0.0/26', undefined, true],
    ['192.168.0.0/27', undefined, false],
    ['192.168.0.0/24', 24, true],
    ['192.168.0.0/25', 24, false],
    ['192.168.0.0/32', 32, true],
    ['192.168.0.0/31', 32, true],
  ])('%s with blockSize %s valid: %s', (cidr, blockSize, ok) => {
    expect(errors({ cidr, ...(blockSize ? { blockSize } : {}) }).length === 0).toBe(ok);
  });

  it('a disabled pool may be smaller than a block', () => {
    expect(errors({ cidr: '192.168.0.0/28', disabled: true })).toEqual([]);
  });

  it('reports the normalised CIDR as the value', () => {
    expect(ipPoolFieldErrors(pool({ cidr: '192.168.0.0/27' }))[0]).toMatchObject({
      field: 'IPPool.Spec.CIDR',
      value: '192.168.0.0/27',
    });
  });
});

describe('link-local edges', () => {
  it.each([
    ['169.254.0.0/16', false],
    ['169.254.0.0/26', false],
    ['169.254.255.192/26', false],
    ['169.253.255.192/26', true],
    ['169.255.0.0/26', true],
    ['169.252.0.0/14', false],
    ['fe80::/64', false],
    ['febf:ffff::/64', false],
    ['fec0::/64', true],
    ['fe7f::/64', true],
  ])('%s valid: %s', (cidr, ok) => {
    const e = errors({ cidr, blockSize: cidr.includes(':') ? 122 : 26 });
    expect(
      e.some((m) => m.includes('Link Local')),
      e.join(),
    ).toBe(!ok);
  });

  it('names the range it overlaps', () => {
    expect(errors({ cidr: '169.254.0.0/24' })).toEqual([
      'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16',
    ]);
    expect(errors({ cidr: 'fe80::/120' })).toEqual([
      'IPPool CIDR overlaps with IPv6 Link Local range fe80::/10',
    ]);
  });
});

describe('overlap with existing pools', () => {
  const other = pool({ cidr: '192.168.0.0/24' }, 'rack-1');
  it.each([
    ['192.168.1.0/24', true],
    ['192.168.0.0/24', false],
    ['192.168.0.255/32', false],
    ['192.167.255.255/32', true],
    ['192.168.0.0/16', false],
  ])('%s next to 192.168.0.0/24 valid: %s', (cidr, ok) => {
    const e = validateIPPool(pool({ cidr, blockSize: 32 }), [other]);
    expect(e.length === 0, e.join()).toBe(ok);
  });

  it('skips the pool itself (same name) and pools with a bad CIDR', () => {
    expect(validateIPPool(pool({ cidr: '192.168.0.0/24' }, 'rack-1'), [other])).toEqual([]);
    expect(validateIPPool(pool({ cidr: '192.168.0.0/24' }), [pool({ cidr: 'bad' }, 'x')])).toEqual([]);
  });

  it('names both pools and the other CIDR as written', () => {
    expect(validateIPPool(pool({ cidr: '192.168.0.0/25' }), [other])).toEqual([
      'IPPool(rack-0) CIDR overlaps with IPPool(rack-1) CIDR 192.168.0.0/24',
    ]);
  });
});

describe('encapsulation and the struct stage', () => {
  it.each([
    [{ ipipMode: 'Always', vxlanMode: 'Never' }, []],
    [{ ipipMode: 'CrossSubnet' }, []],
    [{ vxlanMode: 'Always' }, []],
    [
      { ipipMode: 'Always', vxlanMode: 'CrossSubnet' },
      ['Cannot enable both VXLAN and IPIP on the same IPPool'],
    ],
    [{ ipipMode: 'always' }, ['IPIPMode']],
    [{ vxlanMode: 'Sometimes' }, ['VXLANMode']],
  ])('%o', (modes, want) => {
    const e = errors({ cidr: '192.168.0.0/24', ...modes });
    expect(e.length).toBe(want.length);
    for (const [i, w] of want.entries()) expect(e[i]).toContain(w);
  });

  it('IPIP is refused on IPv6, VXLAN is not', () => {
    expect(errors({ cidr: 'fd00::/120', blockSize: 122, ipipMode: 'Always' })).toEqual([
      'IPIP is not supported on an IPv6 IP pool',
    ]);
    expect(errors({ cidr: 'fd00::/120', blockSize: 122, vxlanMode: 'Always' })).toEqual([]);
  });

  it('names: 253 characters pass, 254 are too long by 1; upper case and edges fail', () => {
    const label = (n: number) => 'a'.repeat(n);
    const name253 = [label(63), label(63), label(63), label(61)].join('.');
    expect(name253.length).toBe(253);
    expect(errors({ cidr: '192.168.0.0/24' }, name253)).toEqual([]);
    const long = errors({ cidr: '192.168.0.0/24' }, `${name253}a`);
    expect(long).toHaveLength(1);
    expect(long[0]).toContain('name is too long by 1 bytes');
    for (const bad of ['Rack-0', 'rack_0', '-rack', 'rack-', 'rack..0'])
      expect(errors({ cidr: '192.168.0.0/24' }, bad)[0], bad).toContain(
        "name must consist of lower case alphanumeric characters, '-' or '.'",
      );
    for (const good of ['r', '0', 'rack-0.pool', 'a-b-c'])
      expect(errors({ cidr: '192.168.0.0/24' }, good), good).toEqual([]);
  });

  it('allowedUses: Workload and Tunnel only; an empty list means the default', () => {
    expect(errors({ cidr: '192.168.0.0/24', allowedUses: ['Workload'] })).toEqual([]);
    expect(errors({ cidr: '192.168.0.0/24', allowedUses: ['Tunnel', 'Workload'] })).toEqual([]);
    expect(pool({ cidr: '192.168.0.0/24', allowedUses: [] }).allowedUses).toEqual(['Workload', 'Tunnel']);
    expect(errors({ cidr: '192.168.0.0/24', allowedUses: ['Workload', 'LoadBalancer'] })).toEqual([
      "error with field IPpool.AllowedUses = '[Workload LoadBalancer]' (unknown use: LoadBalancer)",
    ]);
  });

  it('stage 2 runs only once stage 1 passes', () => {
    const bad = pool({ cidr: '192.168.0.1/24', nodeSelector: 'rack == 0' }, 'Rack');
    expect(validateIPPool(bad)).toEqual(['IPPool CIDR is not strictly masked']);
    expect(ipPoolFieldErrors(bad, [], { allStages: true }).map((e) => e.stage)).toEqual([1, 2, 2]);
  });
});

describe('CIDR math at the edges', () => {
  it('parses only what Go parses', () => {
    for (const bad of [
      '192.168.0.0',
      '192.168.0.0/',
      '192.168.0.0/a',
      '192.168.0.0/33',
      '192.168.0.0/0024',
      '192.168.000.0/24',
      '192.168.0/24',
      'fe80::1%eth0/64',
      'fd00::/129',
      '::ffff:1.2.3.4/200',
    ])
      expect(parseCidr(bad), bad).toBeNull();
    expect(parseCidr('192.168.0.0/32')).toMatchObject({ prefix: 32, hostBitsSet: false });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ canonical: '0.0.0.0/0', kind: 'ipv4' });
    expect(parseCidr('fd00::1/128')).toMatchObject({
      kind: 'ipv6',
      hostBitsSet: false,
      canonical: 'fd00::1/128',
    });
    expect(parseCidr('fd00::1/127')).toMatchObject({ hostBitsSet: true, network: 'fd00::' });
  });

  it('containment and overlap at the first and last address', () => {
    expect(cidrContains('192.168.0.0/24', '192.168.0.0')).toBe(true);
    expect(cidrContains('192.168.0.0/24', '192.168.0.255')).toBe(true);
    expect(cidrContains('192.168.0.0/24', '192.168.1.0')).toBe(false);
    expect(cidrContains('192.168.0.0/24', '192.167.255.255')).toBe(false);
    expect(cidrContains('192.168.0.5/24', '192.168.0.200')).toBe(true);
    expect(cidrContains('192.168.0.0/24', 'fd00::1')).toBe(false);
    expect(cidrContains('192.168.0.0/24', '192.168.0.1%eth0')).toBe(false);
    expect(cidrContains('fd00::/64', 'fd00::ffff')).toBe(true);
    expect(cidrContains('fd00::/64', 'fd00:0:0:1::')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/8', '10.255.255.255/32')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/8', '11.0.0.0/32')).toBe(false);
    expect(cidrsOverlap('10.255.255.255/32', '10.0.0.0/8')).toBe(true);
    expect(cidrsOverlap('10.0.0.0/8', 'fd00::/8')).toBe(false);
    expect(cidrsOverlap('10.0.0.0/8', 'x')).toBe(false);
  });

  it('sizes and indexes', () => {
    expect(cidrSize('192.168.0.0/32')).toBe(1);
    expect(cidrSize('192.168.0.0/31')).toBe(2);
    expect(cidrSize('0.0.0.0/0')).toBe(2 ** 32);
    expect(cidrSize('fd00::/120')).toBe(256);
    expect(cidrSize('x')).toBeNaN();
    expect(nthAddress('192.168.0.0/24', 0)).toBe('192.168.0.0');
    expect(nthAddress('192.168.0.0/24', 255)).toBe('192.168.0.255');
    expect(nthAddress('255.255.255.0/24', 255)).toBe('255.255.255.255');
    expect(() => nthAddress('192.168.0.0/24', 256)).toThrow(RangeError);
    expect(() => nthAddress('192.168.0.0/24', -1)).toThrow(RangeError);
    expect(() => nthAddress('192.168.0.0/24', 1.5)).toThrow(RangeError);
    expect(() => nthAddress('fd00::/120', 1)).toThrow('not an IPv4 CIDR: fd00::/120');
    expect(addressIndex('192.168.0.0/24', '192.168.0.255')).toBe(255);
    expect(addressIndex('192.168.0.0/24', '192.168.1.0')).toBe(-1);
    expect(addressIndex('255.255.255.0/24', '255.255.255.255')).toBe(255);
    expect(addressIndex('fd00::/120', 'fd00::1')).toBe(-1);
    expect(addressIndex('192.168.0.0/24', 'fd00::1')).toBe(-1);
  });

  it.each([
    ['192.168.0.0/24', 'private'],
    ['172.31.255.0/24', 'private'],
    ['172.32.0.0/24', 'public'],
    ['172.15.255.0/24', 'public'],
    ['10.0.0.0/8', 'private'],
    ['11.0.0.0/8', 'public'],
    ['9.255.255.0/24', 'public'],
    ['127.0.0.0/8', 'loopback'],
    ['169.254.1.0/24', 'link-local'],
    ['100.64.0.0/10', 'other'],
    ['8.0.0.0/7', 'public'],
    ['8.0.0.0/5', 'other'],
    ['192.168.0.0/15', 'other'],
    ['224.0.0.0/4', 'other'],
    ['fd00::/8', 'other'],
    ['bad', 'other'],
  ])('classifyV4(%s) = %s', (cidr, want) => {
    expect(classifyV4(cidr)).toBe(want);
  });
});

describe('normalizeIPPool: shapes students write', () => {
  const norm = (body: Record<string, unknown>) => normalizeIPPool(body);
  const base = { apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'p' } };
  it('names the wrong type of each value', () => {
    expect(norm({ ...base, kind: 'IPPools' }).problems).toContain('kind is string "IPPools", not IPPool');
    expect(norm({ ...base, kind: null }).problems).toContain('kind is null, not IPPool');
    expect(norm({ ...base, kind: ['IPPool'] }).problems).toContain('kind is a list, not IPPool');
    expect(norm({ ...base, kind: { a: 1 } }).problems).toContain('kind is a mapping, not IPPool');
    expect(norm({ ...base, spec: { cidr: '10.0.0.0/16' }, metadata: { name: 7 } })).toMatchObject({
      pool: { name: '7' },
      problems: ['metadata.name must be a string, got number 7'],
    });
    expect(norm({ ...base, metadata: { name: '' }, spec: { cidr: '10.0.0.0/16' } }).problems).toEqual([
      'metadata.name is missing',
    ]);
    expect(norm({ ...base, metadata: { name: null }, spec: { cidr: '10.0.0.0/16' } }).problems).toEqual([
      'metadata.name is missing',
    ]);
    expect(norm({ ...base, spec: ['cidr'] }).problems).toEqual([
      'spec must be a mapping, got a list',
      'spec.cidr is missing',
    ]);
    expect(norm({ ...base, spec: null }).problems[0]).toBe('spec is missing');
    expect(norm({ ...base, apiVersion: 7, spec: { cidr: '10.0.0.0/16' } }).problems).toEqual([
      'apiVersion is missing',
    ]);
    expect(norm({ ...base, kind: undefined, spec: { cidr: '10.0.0.0/16' } }).problems).toEqual([]);
  });

  it('typed fields: strings, booleans, block size, allowedUses', () => {
    const r = norm({
      ...base,
      spec: { cidr: 26, ipipMode: true, disabled: 'true', blockSize: 26.5, allowedUses: ['Workload', 1] },
    });
    expect(r.problems).toEqual([
      'spec.cidr must be a string, got number 26',
      'spec.blockSize must be an integer, got number 26.5',
      'spec.allowedUses must be a list of strings, got a list',
      'spec.ipipMode must be a string, got boolean true',
      'spec.disabled must be true or false, got string "true"',
    ]);
    expect(r.pool).toMatchObject({
      cidr: '',
      blockSize: 26,
      ipipMode: 'Never',
      disabled: false,
      allowedUses: ['Workload', 'Tunnel'],
    });
    expect(r.pool.invalidValues).toEqual({
      cidr: 26,
      ipipMode: true,
      disabled: 'true',
      blockSize: 26.5,
      allowedUses: ['Workload', 1],
    });
    const ok = norm({
      ...base,
      spec: {
        cidr: '10.0.0.0/16',
        disabled: true,
        natOutgoing: null,
        blockSize: 0,
        ipipMode: '',
        nodeSelector: ' \t',
      },
    });
    expect(ok.problems).toEqual([]);
    expect(ok.pool).toMatchObject({
      disabled: true,
      natOutgoing: false,
      blockSize: 26,
      ipipMode: 'Never',
      nodeSelector: 'all()',
    });
    expect(ok.pool).not.toHaveProperty('invalidValues');
    expect(ok.pool).not.toHaveProperty('source');
    expect(
      normalizeIPPool({ ...base, spec: { cidr: '10.0.0.0/16' } }, { file: 'a.yaml', line: 3 }).pool.source,
    ).toEqual({
      file: 'a.yaml',
      line: 3,
    });
    expect(norm({ ...base, spec: { cidr: '10.0.0.0/16', blockSize: null } }).problems).toEqual([]);
    expect(norm({ ...base, spec: { cidr: '10.0.0.0/16', allowedUses: null } }).problems).toEqual([]);
    expect(norm({ ...base, spec: { cidr: '10.0.0.0/16', disabled: null } }).pool.disabled).toBe(false);
  });

  it('formats: no reason prints only the field; no errors at all has its own text', async () => {
    const { formatFieldError, formatValidationError } = await import('./ippool.ts');
    expect(formatFieldError({ field: 'F', reason: '', stage: 1 })).toBe('F');
    expect(formatFieldError({ field: 'F', value: 'v', reason: 'r', stage: 1 })).toBe("F = 'v' (r)");
    expect(formatValidationError([])).toBe('unknown validation error');
  });

  it('an empty ipipMode/vxlanMode in a pool object counts as Never', () => {
    const p = { ...pool({ cidr: '192.168.0.0/24' }), ipipMode: '', vxlanMode: 'Always' };
    expect(validateIPPool(p)).toEqual([]);
    const q = { ...pool({ cidr: 'fd00::/120', blockSize: 122 }), ipipMode: '' };
    expect(validateIPPool(q)).toEqual([]);
    const z = { ...pool({ cidr: '192.168.0.0/24' }), blockSize: 0 };
    expect(validateIPPool(z)).toEqual([]);
    const z6 = { ...pool({ cidr: 'fd00::/122' }), blockSize: 0 };
    expect(validateIPPool(z6)).toEqual([]);
    expect(validateIPPool({ ...pool({ cidr: 'fd00::/123' }), blockSize: 0 })).toHaveLength(1);
  });
});
