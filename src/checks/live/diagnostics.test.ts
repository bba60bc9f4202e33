import { describe, expect, it } from 'vitest';
import {
  buildEvidence,
  hostLocalIpam,
  REF,
  referenceEvidence,
  rolloutTimeout,
} from '../../testing/evidence-builder.ts';
import { assembleDiagnostics } from './diagnostics.ts';

describe('assembleDiagnostics', () => {
  it('puts the sections asked for in order, under titles', () => {
    const text = assembleDiagnostics(referenceEvidence(), ['ipam', 'pools'])!;
    expect(text.indexOf('== calicoctl ipam show --show-blocks ==')).toBe(0);
    expect(text).toContain('| Block    | 192.168.0.64/26  |');
    expect(text).toContain(
      '\n\n== IP pools on the cluster ==\nrack-0-ippool  192.168.0.0/24  blockSize=26  selector=rack == "0"',
    );
  });

  it('describes the failing pods: phase, conditions and container states', () => {
    const text = assembleDiagnostics(buildEvidence(rolloutTimeout), ['pods'])!;
    expect(text).toContain(
      `default/${REF.pods[0]}: phase Pending, node minikube, IP (none), created 2024-11-08T10:02:01.500Z`,
    );
    expect(text).toContain('  container frontend: waiting ContainerCreating, ready=false, restarts=0');
  });

  it('describes only the pods named, when named', () => {
    const text = assembleDiagnostics(buildEvidence(hostLocalIpam), ['pods'], [REF.pods[1]])!;
    expect(text).toContain(`default/${REF.pods[1]}: phase Running`);
    expect(text).not.toContain(`default/${REF.pods[0]}: phase`);
  });

  it("calls out each node's IPAM type, read from the raw config when not recorded", () => {
    const e = buildEvidence(hostLocalIpam, (x) => {
      for (const n of x.nodes) {
        delete n.cniIpamType;
        delete n.cniConfig;
      }
    });
    const text = assembleDiagnostics(e, ['cni-configs'])!;
    expect(text).toContain(
      '-- minikube: IPAM type host-local <- host-local: pod IPs come from the node podCIDR',
    );
    expect(text).toContain('-- minikube-m02: IPAM type host-local');
  });

  it('keeps the tail of long logs and says how much was cut', () => {
    const e = buildEvidence((x) => {
      x.diagnostics.calicoNodeLog = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    });
    const text = assembleDiagnostics(e, ['calico-node-log'])!;
    expect(text).toContain('… (40 earlier lines cut)');
    expect(text).toContain('line 99');
    expect(text).not.toContain('line 39\n');
  });

  it('is undefined when the bundle holds none of the sections', () => {
    const e = buildEvidence((x) => {
      x.diagnostics = {};
    });
    expect(assembleDiagnostics(e, ['events', 'ipam', 'calico-node-log'])).toBeUndefined();
  });
});
