/**
 * pools.cidr-valid and pools.no-overlap say what the live apply policy refuses (src/calico/pool-policy.ts):
 * a pool wider than /8 or in a special range fails cidr-valid; one in minikube's node network
 * 192.168.49.0/24 or the service CIDR 10.96.0.0/12 fails no-overlap. Static grading knows no node
 * addresses, so the rubric's node network stands for them.
 */
import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { buildSubmission } from '../../submission/read.ts';
import { gradeFiles, report } from '../../testing/submission-builder.ts';
import { findDefaultPoolRemoval } from './pool-checks.ts';

const pools = (cidr0: string, cidr1 = '192.168.1.0/24', extra0 = '') => ({
  'ippool.yaml': `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-0}
spec: {cidr: ${cidr0}, nodeSelector: rack == "0"${extra0}}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-1}
spec: {cidr: ${cidr1}, nodeSelector: rack == "1"}
`,
});
const check = (id: string, cidr0: string, cidr1?: string, extra0?: string) =>
  gradeFiles(pools(cidr0, cidr1, extra0)).get(id);

describe('pools.cidr-valid and the pool policy', () => {
  it('fails a pool wider than /8, and passes /8 itself', () => {
    expect(check('pools.cidr-valid', '11.0.0.0/8', undefined, ', blockSize: 20')?.status).toBe('pass');
    const wide = check('pools.cidr-valid', '12.0.0.0/7', undefined, ', blockSize: 20');
    expect(wide?.status).toBe('fail');
    expect(wide?.message).toContain('rack-0 (12.0.0.0/7): cidr 12.0.0.0/7 is wider than /8');
  });
  it('fails 0.0.0.0/0 once for link-local (calicoctl says it) and for its size and special ranges', () => {
    const all = check('pools.cidr-valid', '0.0.0.0/0', undefined, ', blockSize: 20');
    expect(all?.status).toBe('fail');
    expect(all?.message).toContain('IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16');
    expect(all?.message).not.toContain('IPv4 link-local range');
    expect(all?.message).toContain('every address');
    expect(all?.message).toContain('loopback range 127.0.0.0/8');
  });
  it('fails loopback and multicast pools', () => {
    expect(check('pools.cidr-valid', '127.0.0.0/24')?.status).toBe('fail');
    expect(check('pools.cidr-valid', '224.0.0.0/24')?.status).toBe('fail');
    expect(check('pools.cidr-valid', '223.255.255.0/24')?.status).toBe('pass');
  });
});

describe('pools.no-overlap and the reserved networks', () => {
  it("fails a pool in minikube's node network, naming it, and passes its neighbours", () => {
    const r = check('pools.no-overlap', '192.168.0.0/16');
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(
      "rack-0: cidr 192.168.0.0/16 overlaps the node network (minikube's docker network) 192.168.49.0/24",
    );
    expect(r?.message).toContain('pools overlap: rack-0 (192.168.0.0/16) and rack-1 (192.168.1.0/24)');
    expect(check('pools.no-overlap', '192.168.48.0/24')?.status).toBe('pass');
  });
  it('hints at ranges outside the node network and the service CIDR', () => {
    expect(check('pools.no-overlap', '10.100.0.0/24')?.hint).toContain(
      "outside minikube's node network 192.168.49.0/24 and the service CIDR 10.96.0.0/12",
    );
  });
});

describe('the default pool disabled by a patch', () => {
  const removal = (patch: string) =>
    gradeFiles({
      ...pools('192.168.0.0/24'),
      'lab4.md': report(`calicoctl patch ippool default-ipv4-ippool -p '${patch}'`),
    }).get('pools.default-removed');
  it('counts disabled: true and nodeSelector !all() (docs/reference-facts.md, calico-ippool §1, §7), not another selector', () => {
    expect(removal('{"spec":{"disabled":true}}')?.status).toBe('pass');
    const none = removal('{"spec":{"nodeSelector":"!all()"}}');
    expect(none?.status).toBe('pass');
    expect(none?.message).toContain('gives default-ipv4-ippool the selector !all(), so no node uses it');
    expect(removal('{"spec":{"nodeSelector":"all()"}}')?.status).not.toBe('pass');
  });
  it('replays only the disabling, never the rest of the patch', () => {
    const f = deriveFacts(
      buildSubmission('/s', '/s', [
        {
          path: 'lab4.md',
          text: report(
            `calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"nodeSelector":"!all()","cidr":"0.0.0.0/0"}}'`,
          ),
          size: 1,
        },
      ]),
      defaultRubric,
    );
    expect(findDefaultPoolRemoval(f, 'default-ipv4-ippool')?.patch).toBe(
      '{"spec":{"nodeSelector":"!all()"}}',
    );
  });
});
