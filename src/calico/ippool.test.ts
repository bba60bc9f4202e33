import { describe, expect, it } from 'vitest';
import {
  calicoctlCreateFailure,
  DEFAULT_POOL_NAME,
  hasExplicitNodeSelector,
  type IPPool,
  ipPoolFieldErrors,
  normalizeIPPool,
  validateIPPool,
} from './ippool.ts';

function manifest(
  spec: Record<string, unknown>,
  name = 'rack-0-ippool',
  apiVersion = 'projectcalico.org/v3',
) {
  return { apiVersion, kind: 'IPPool', metadata: { name }, spec };
}

function pool(spec: Record<string, unknown>, name = 'rack-0-ippool'): IPPool {
  return normalizeIPPool(manifest(spec, name)).pool;
}

/** minikube's default pool (docs/reference-facts.md, calico-ippool §3: 10.244.0.0/16, IPIP Always, NAT true). */
const defaultPool = pool({ cidr: '10.244.0.0/16', ipipMode: 'Always', natOutgoing: true }, DEFAULT_POOL_NAME);

describe('normalizeIPPool', () => {
  it('reads the docs tutorial pool (docs/reference-facts.md, calico-selector "Real samples") and applies defaults', () => {
    const body = manifest({
      cidr: '192.168.0.0/24',
      ipipMode: 'Always',
      natOutgoing: true,
      nodeSelector: 'rack == "0"',
    });
    const source = { file: 'lab4/pools.yaml', line: 3 };
    expect(normalizeIPPool(body, source)).toEqual({
      pool: {
        name: 'rack-0-ippool',
        cidr: '192.168.0.0/24',
        blockSize: 26,
        nodeSelector: 'rack == "0"',
        ipipMode: 'Always',
        vxlanMode: 'Never',
        natOutgoing: true,
        disabled: false,
        disableBGPExport: false,
        allowedUses: ['Workload', 'Tunnel'],
        apiVersion: 'projectcalico.org/v3',
        source,
      },
      problems: [],
    });
  });

  it('defaults a missing or blank nodeSelector to all() (docs/reference-facts.md, calico-ippool §1, clientv3 defaulting)', () => {
    expect(pool({ cidr: '10.0.0.0/16' }).nodeSelector).toBe('all()');
    expect(pool({ cidr: '10.0.0.0/16', nodeSelector: '' }).nodeSelector).toBe('all()');
    expect(pool({ cidr: '10.0.0.0/16', nodeSelector: ' \t' }).nodeSelector).toBe('all()');
    expect(pool({ cidr: '10.0.0.0/16', nodeSelector: null }).nodeSelector).toBe('all()');
  });

  it('uses blockSize 122 for IPv6 and treats blockSize 0 as unset', () => {
    expect(pool({ cidr: 'fd00:10::/64' }).blockSize).toBe(122);
    expect(pool({ cidr: '10.0.0.0/16', blockSize: 0 }).blockSize).toBe(26);
    expect(pool({ cidr: '10.0.0.0/16', blockSize: 24 }).blockSize).toBe(24);
  });

  it('accepts the CRD apiVersion', () => {
    const { pool: p, problems } = normalizeIPPool(
      manifest({ cidr: '10.0.0.0/16' }, 'p', 'crd.projectcalico.org/v1'),
    );
    expect(p.apiVersion).toBe('crd.projectcalico.org/v1');
    expect(problems).toEqual([]);
  });

  it('reports shape problems in plain words and keeps wrongly typed values raw', () => {
    const { pool: p, problems } = normalizeIPPool({
      apiVersion: 'projectcalico.org/v1',
      kind: 'IPPool',
      metadata: {},
      spec: { blockSize: '26', natOutgoing: 'yes', nodeselector: 'rack == "0"', allowedUses: 'Workload' },
    });
    expect(problems).toEqual([
      'apiVersion "projectcalico.org/v1" is neither projectcalico.org/v3 nor crd.projectcalico.org/v1',
      'metadata.name is missing',
      'spec.nodeselector is not an IPPool field',
      'spec.cidr is missing',
      'spec.blockSize must be an integer, got string "26"',
      'spec.allowedUses must be a list of strings, got string "Workload"',
      'spec.natOutgoing must be true or false, got string "yes"',
    ]);
    expect(p.invalidValues).toEqual({ blockSize: '26', natOutgoing: 'yes', allowedUses: 'Workload' });
    expect(p.blockSize).toBe(26);
    expect(p.nodeSelector).toBe('all()');
  });

  it('reports a missing spec', () => {
    expect(
      normalizeIPPool({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'x' } })
        .problems,
    ).toEqual(['spec is missing', 'spec.cidr is missing']);
  });
});

describe('hasExplicitNodeSelector', () => {
  it('is true only when spec.nodeSelector is written', () => {
    expect(hasExplicitNodeSelector(manifest({ cidr: '10.0.0.0/16', nodeSelector: 'rack == "0"' }))).toBe(
      true,
    );
    expect(hasExplicitNodeSelector(manifest({ cidr: '10.0.0.0/16', nodeSelector: 'all()' }))).toBe(true);
    expect(hasExplicitNodeSelector(manifest({ cidr: '10.0.0.0/16' }))).toBe(false);
    expect(hasExplicitNodeSelector(manifest({ cidr: '10.0.0.0/16', nodeSelector: null }))).toBe(false);
    expect(hasExplicitNodeSelector({})).toBe(false);
  });
});

describe('validateIPPool (docs/reference-facts.md, calico-ippool §2)', () => {
  it('accepts the lab pools and the default pool', () => {
    expect(validateIPPool(pool({ cidr: '192.168.0.0/24', nodeSelector: 'rack == "0"' }))).toEqual([]);
    expect(validateIPPool(defaultPool)).toEqual([]);
    expect(validateIPPool(pool({ cidr: '10.0.0.0/16', nodeSelector: '!all()' }))).toEqual([]);
  });

  it('1-2: empty or unparsable CIDR stops validation', () => {
    expect(validateIPPool(pool({ nodeSelector: 'rack == 0' }))).toEqual(['IPPool CIDR must be specified']);
    expect(validateIPPool(pool({ cidr: '192.168.0.0/33' }))).toEqual(['IPPool CIDR must be a valid subnet']);
    expect(validateIPPool(pool({ cidr: '192.168.0.0' }))).toEqual(['IPPool CIDR must be a valid subnet']);
  });

  it('5: block size range', () => {
    expect(validateIPPool(pool({ cidr: '10.0.0.0/16', blockSize: 19 }))).toEqual([
      'IPv4 block size must be between 20 and 32',
    ]);
    expect(validateIPPool(pool({ cidr: 'fd00::/64', blockSize: 112 }))).toEqual([
      'IPv6 block size must be between 116 and 128',
    ]);
  });

  it('6: a /27 is too small for the default /26 blocks unless disabled or given a smaller blockSize', () => {
    const tooSmall =
      'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.';
    expect(validateIPPool(pool({ cidr: '192.168.0.0/27' }))).toEqual([tooSmall]);
    expect(validateIPPool(pool({ cidr: '192.168.0.0/27', disabled: true }))).toEqual([]);
    expect(validateIPPool(pool({ cidr: '192.168.0.0/27', blockSize: 28 }))).toEqual([]);
    expect(validateIPPool(pool({ cidr: '192.168.0.0/26' }))).toEqual([]);
  });

  it('7: overlap with any other existing pool, naming both', () => {
    const rack0 = pool({ cidr: '192.168.0.0/24' }, 'rack-0-ippool');
    const old = pool({ cidr: '192.168.0.0/16', disabled: true }, DEFAULT_POOL_NAME);
    expect(validateIPPool(rack0, [old])).toEqual([
      'IPPool(rack-0-ippool) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 192.168.0.0/16',
    ]);
    expect(validateIPPool(rack0, [defaultPool, pool({ cidr: '192.168.1.0/24' }, 'rack-1-ippool')])).toEqual(
      [],
    );
    // A pool with the same name is the one being created again: skipped, as in clientv3.
    expect(validateIPPool(rack0, [rack0])).toEqual([]);
  });

  it('8: encapsulation', () => {
    expect(
      validateIPPool(pool({ cidr: '10.0.0.0/16', ipipMode: 'Always', vxlanMode: 'CrossSubnet' })),
    ).toEqual(['Cannot enable both VXLAN and IPIP on the same IPPool']);
    expect(validateIPPool(pool({ cidr: 'fd00::/64', ipipMode: 'Always' }))).toEqual([
      'IPIP is not supported on an IPv6 IP pool',
    ]);
  });

  it('9: host bits set', () => {
    expect(validateIPPool(pool({ cidr: '192.168.0.5/24' }))).toEqual(['IPPool CIDR is not strictly masked']);
  });

  it('10: link local ranges', () => {
    expect(validateIPPool(pool({ cidr: '169.254.0.0/16' }))).toEqual([
      'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16',
    ]);
    expect(validateIPPool(pool({ cidr: 'fe80::/64' }))).toEqual([
      'IPPool CIDR overlaps with IPv6 Link Local range fe80::/10',
    ]);
  });

  it('keeps clientv3 order when several checks fail', () => {
    expect(
      validateIPPool(
        pool({ cidr: '169.254.1.5/27', blockSize: 33, ipipMode: 'Always', vxlanMode: 'Always' }),
      ),
    ).toEqual([
      'IPv4 block size must be between 20 and 32',
      'Cannot enable both VXLAN and IPIP on the same IPPool',
      'IPPool CIDR is not strictly masked',
      'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16',
    ]);
  });

  it('12: a bad nodeSelector gives the struct validator text', () => {
    // Text from docs/reference-facts.md, calico-selector "Where the error surfaces" (spacing derived from extractReason).
    expect(validateIPPool(pool({ cidr: '192.168.0.0/24', nodeSelector: 'rack == 0' }))).toEqual([
      "error with field NodeSelector = 'rack == 0' (failed to validate Field: NodeSelector because of Tag: selector )",
    ]);
  });

  it('12: ipipMode/vxlanMode must be Always, CrossSubnet or Never', () => {
    expect(validateIPPool(pool({ cidr: '10.0.0.0/16', ipipMode: 'always' }))).toEqual([
      "error with field IPIPMode = 'always' (failed to validate Field: IPIPMode because of Tag: ipIpMode )",
    ]);
    // An unknown mode still counts as "not Never" for the stage-1 encapsulation rule.
    expect(validateIPPool(pool({ cidr: '10.0.0.0/16', ipipMode: 'always', vxlanMode: 'Always' }))).toEqual([
      'Cannot enable both VXLAN and IPIP on the same IPPool',
    ]);
  });

  it('checks the resource name and allowedUses in the struct stage', () => {
    expect(
      validateIPPool(pool({ cidr: '10.0.0.0/16', allowedUses: ['Workload', 'Pods'] }, 'Rack_0')),
    ).toEqual([
      "error with field Metadata.Name = 'Rack_0' (name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*))",
      "error with field IPpool.AllowedUses = '[Workload Pods]' (unknown use: Pods)",
    ]);
  });

  it('shows struct errors only once the clientv3 checks pass, like calicoctl (allStages shows both)', () => {
    const p = pool({ cidr: '192.168.0.5/24', nodeSelector: 'rack == 0' });
    expect(validateIPPool(p)).toEqual(['IPPool CIDR is not strictly masked']);
    expect(ipPoolFieldErrors(p, [], { allStages: true }).map((e) => e.field)).toEqual([
      'IPPool.Spec.CIDR',
      'NodeSelector',
    ]);
  });
});

describe('calicoctl output', () => {
  it('formats one field error with the normalised CIDR, and several as a list', () => {
    // Formats from errors.go and create.go (docs/reference-facts.md, calico-ippool §2 "Error text format").
    expect(calicoctlCreateFailure(ipPoolFieldErrors(pool({ cidr: '192.168.0.5/24' })))).toBe(
      "Failed to create 'IPPool' resource: [error with field IPPool.Spec.CIDR = '192.168.0.0/24' (IPPool CIDR is not strictly masked)]",
    );
    expect(calicoctlCreateFailure(ipPoolFieldErrors(pool({})))).toBe(
      "Failed to create 'IPPool' resource: [error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)]",
    );
    expect(calicoctlCreateFailure(ipPoolFieldErrors(pool({ cidr: '192.168.0.5/27' })))).toBe(
      "Failed to create 'IPPool' resource: [error with the following fields:\n" +
        "-  IPPool.Spec.CIDR = '192.168.0.0/27' (IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.)\n" +
        "-  IPPool.Spec.CIDR = '192.168.0.0/27' (IPPool CIDR is not strictly masked)\n]",
    );
  });
});
