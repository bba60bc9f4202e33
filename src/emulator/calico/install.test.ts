/**
 * Calico installed per version from the upstream manifests' fixtures (src/emulator/calico/upstream, made by
 * scripts/calico-fixtures.ts). Sources:
 * - v3.20.0: https://github.com/kubernetes/minikube/blob/v1.26.0/pkg/minikube/cni/calico.yaml (the
 *   rendered v3.20 manifest; upstream keeps only a template at
 *   https://github.com/projectcalico/calico/blob/v3.20.0/manifests/calico.yaml), its PDB as in
 *   https://github.com/projectcalico/calico/blob/v3.20.0/_includes/charts/calico/templates/calico-kube-controllers.yaml
 *   (`policy/v1beta1`; `policy/v1` from
 *   https://github.com/projectcalico/calico/blob/v3.23.0/calico/_includes/charts/calico/templates/calico-kube-controllers.yaml);
 * - v3.24.5 … v3.28.1: https://github.com/projectcalico/calico/blob/<tag>/manifests/calico.yaml;
 * - policy/v1beta1 PodDisruptionBudget not served from Kubernetes 1.25, and kubectl's mapping error:
 *   /work/shared/reference/versions.md;
 * - allowedUses since v3.21.0: https://github.com/projectcalico/calico/blob/v3.21.0/reference/resources/ippool.md.
 */
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { MINIKUBE_RELEASES } from '../../minikube/versions.ts';
import { bootstrapCluster } from '../bootstrap.ts';
import { defaultSimOptions } from '../config.ts';
import { createStore } from '../store/memory-store.ts';
import { defaultPool } from './datastore.ts';
import { planInstall } from './install.ts';
import { calicoManifestYaml } from './manifest-objects.ts';
import { CALICO_FIXTURES, calicoManifest, manifestEntries } from './manifests.ts';

const PDB_ERROR =
  'error: resource mapping not found for name: "calico-kube-controllers" namespace: "kube-system" from "calico.yaml": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"\nensure CRDs are installed first';

describe('the upstream manifests per tag', () => {
  it('keeps, for each release, the objects and images of its calico.yaml', () => {
    // The lab's versions, and every Calico minikube v1.32–v1.38 bundles (src/minikube/versions.ts).
    expect(CALICO_FIXTURES.map((f) => f.calico)).toEqual([
      'v3.20.0',
      'v3.24.5',
      'v3.26.1',
      'v3.26.3',
      'v3.27.3',
      'v3.28.1',
      'v3.29.1',
      'v3.30.0',
      'v3.30.3',
      'v3.31.3',
    ]);
    for (const r of MINIKUBE_RELEASES)
      expect(
        CALICO_FIXTURES.some((f) => f.calico === r.bundledCalico),
        r.version,
      ).toBe(true);
    for (const f of CALICO_FIXTURES) {
      const node = f.objects.find((o) => o.kind === 'DaemonSet' && o.name === 'calico-node');
      // docker.io/calico until v3.30; quay.io/calico from v3.31 (its manifests/calico.yaml at the tag).
      const registry = f.calico.startsWith('v3.31') ? 'quay.io' : 'docker.io';
      expect(node?.images).toContain(`${registry}/calico/node:${f.calico}`);
      const pdb = f.objects.find((o) => o.kind === 'PodDisruptionBudget');
      expect(pdb?.apiVersion).toBe(f.calico === 'v3.20.0' ? 'policy/v1beta1' : 'policy/v1');
      expect(f.source).toMatch(/^https:\/\/github\.com\//);
    }
  });

  it('retags the newest older fixture for a version without one', () => {
    const m = calicoManifest('v3.27.4');
    expect(m.approximate).toBe(true);
    expect(m.objects.find((o) => o.kind === 'DaemonSet')?.images).toContain('docker.io/calico/node:v3.27.4');
    expect(calicoManifest('v3.27.3').approximate).toBeUndefined();
  });

  it('rebuilds a manifest as YAML that reads back to the same entries', () => {
    const m = calicoManifest('v3.26.1');
    const docs = YAML.parseAllDocuments(calicoManifestYaml(m)).map((d) => d.toJS());
    expect(manifestEntries(docs).map(({ images, ...o }) => o)).toEqual(
      m.objects.map(({ images, ...o }) => o),
    );
  });
});

describe('installing Calico v3.20.0 per Kubernetes version', () => {
  const objects = calicoManifest('v3.20.0').objects;

  it('fails on v1.31.0 at the policy/v1beta1 PodDisruptionBudget, the other objects applied', () => {
    const plan = planInstall(objects, 'v1.31.0');
    expect(plan.errors).toEqual([PDB_ERROR]);
    expect(plan.applied).toHaveLength(objects.length - 1);
  });

  it('installs on v1.24.3', () => {
    expect(planInstall(objects, 'v1.24.3')).toEqual({ applied: objects, errors: [] });
  });

  it('bootstraps a cluster with the error reported on v1.31.0, and a whole Calico on v1.24.3', () => {
    const broken = createStore();
    const r1 = bootstrapCluster(
      broken,
      defaultSimOptions({ calicoVersion: 'v3.20.0', kubernetesVersion: 'v1.31.0' }),
    );
    expect(r1.calicoErrors[0]).toMatch(
      /no matches for kind "PodDisruptionBudget" in version "policy\/v1beta1"/,
    );
    expect(broken.list('policy/poddisruptionbudgets')).toEqual([]);
    const ok = createStore();
    const r2 = bootstrapCluster(
      ok,
      defaultSimOptions({ calicoVersion: 'v3.20.0', kubernetesVersion: 'v1.24.3' }),
    );
    expect(r2.calicoErrors).toEqual([]);
    expect(ok.list('policy/poddisruptionbudgets').map((p) => p.metadata.name)).toEqual([
      'calico-kube-controllers',
    ]);
    const ds = ok.get('apps/daemonsets', 'kube-system', 'calico-node');
    expect(ds?.spec.template.spec.containers[0].image).toBe('docker.io/calico/node:v3.20.0');
  });
});

describe('the default pool per version', () => {
  it('has allowedUses from v3.21 on only', () => {
    expect(defaultPool('v3.20.0').spec.allowedUses).toBeUndefined();
    expect(defaultPool('v3.28.1').spec.allowedUses).toEqual(['Workload', 'Tunnel']);
    for (const v of ['v3.20.0', 'v3.28.1'])
      expect(defaultPool(v).spec).toMatchObject({
        cidr: '10.244.0.0/16',
        blockSize: 26,
        ipipMode: 'Always',
        natOutgoing: true,
      });
  });
});
