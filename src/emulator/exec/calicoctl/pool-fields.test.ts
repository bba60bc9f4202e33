/**
 * IPPool fields per calicoctl version: a field newer than the client is an unknown field to its strict
 * JSON decoder. allowedUses since v3.21.0
 * (https://github.com/projectcalico/calico/blob/v3.21.0/reference/resources/ippool.md "allowedUses (since
 * v3.21.0)"), assignmentMode since v3.30.0 (absent from
 * https://github.com/projectcalico/calico/blob/v3.29.0/api/pkg/apis/projectcalico/v3/ippool.go, present at
 * v3.30.0). Message: calicoctl's strict unmarshal (docs/reference-facts.md, calico-ippool §2).
 */
import { describe, expect, it } from 'vitest';
import { decodeProblems } from './pool-ops.ts';

const pool = (spec: Record<string, unknown>) => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'IPPool',
  metadata: { name: 'rack-0-ippool' },
  spec: { cidr: '192.168.0.0/24', ...spec },
});

describe('IPPool fields a calicoctl version knows', () => {
  it('rejects allowedUses before v3.21 and takes it from v3.21', () => {
    expect(decodeProblems(pool({ allowedUses: ['Workload'] }), 'v3.20.0')).toBe(
      'error unmarshaling JSON: while decoding JSON: json: unknown field "allowedUses"',
    );
    expect(decodeProblems(pool({ allowedUses: ['Workload'] }), 'v3.21.0')).toBeUndefined();
  });

  it('rejects assignmentMode before v3.30', () => {
    expect(decodeProblems(pool({ assignmentMode: 'Automatic' }), 'v3.29.1')).toBe(
      'error unmarshaling JSON: while decoding JSON: json: unknown field "assignmentMode"',
    );
  });
});
