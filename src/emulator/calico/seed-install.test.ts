/**
 * The seed report's install path with the real kubectl against the stand-in: `minikube start --nodes 2
 * --network-plugin=cni` leaves the nodes NotReady (no CNI: "cni plugin not initialized"), and
 * `kubectl apply -f calico.yaml` — the v3.26.1 upstream manifest
 * (https://github.com/projectcalico/calico/blob/v3.26.1/manifests/calico.yaml) rebuilt from its fixture
 * — makes them Ready with calico-node on each. Also minikube's own failure when the manifest it
 * applies has an object the Kubernetes version does not serve (pkg/minikube/cni/cni.go applyManifest,
 * bootstrapper/kubeadm/kubeadm.go StartCluster at v1.34.0; /work/shared/reference/versions.md).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInTestEnv } from '../test-support/stand-in-env.ts';
import { calicoManifestYaml } from './manifest-objects.ts';
import { calicoManifest } from './manifests.ts';

const MINIKUBE = fileURLToPath(new URL('../../../bin/minikube', import.meta.url));
const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);

let tmp: string;
let env: NodeJS.ProcessEnv;
const profiles: string[] = [];

const minikube = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  execa(MINIKUBE, args, { env: { ...env, ...extra }, reject: false, timeout: 120_000, cwd: tmp });
const kubectl = (args: string[]) => execa(KUBECTL, args, { env, reject: false, timeout: 60_000 });

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mk-seed-'));
  env = standInTestEnv(tmp);
});
afterAll(async () => {
  for (const p of profiles) await minikube(['delete', '-p', p]);
  await rm(tmp, { recursive: true, force: true });
});

async function nodeStatuses(): Promise<string[]> {
  const r = await kubectl(['get', 'nodes', '--no-headers']);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(/\s+/)[1] ?? '');
}

describe.skipIf(!hasKubectl)('the seed install path (needs /usr/bin/kubectl)', () => {
  it('start --network-plugin=cni: NotReady; kubectl apply -f calico.yaml: Ready', async () => {
    profiles.push('seed');
    const start = await minikube(['start', '-p', 'seed', '--nodes', '2', '--network-plugin=cni']);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stderr).toContain('With --network-plugin=cni, you will need to provide your own CNI');
    expect(start.stdout).not.toContain('Configuring Calico');
    expect(await nodeStatuses()).toEqual(['NotReady', 'NotReady']);
    const file = path.join(tmp, 'calico.yaml');
    await writeFile(file, calicoManifestYaml(calicoManifest('v3.26.1')));
    const apply = await kubectl(['apply', '-f', file]);
    expect(apply.exitCode, apply.stderr).toBe(0);
    expect(apply.stdout).toContain('daemonset.apps/calico-node created');
    let statuses: string[] = [];
    for (let i = 0; i < 100 && statuses.join() !== 'Ready,Ready'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      statuses = await nodeStatuses();
    }
    expect(statuses).toEqual(['Ready', 'Ready']);
    const pools = await kubectl(['get', 'ippools.crd.projectcalico.org', '-o', 'name']);
    expect(pools.stdout.trim()).toBe('ippool.crd.projectcalico.org/default-ipv4-ippool');
  }, 120_000);

  it('kubectl apply of the v3.20.0 manifest on v1.31.0 fails at the PodDisruptionBudget, the rest applied', async () => {
    profiles.push('seed-old');
    const start = await minikube(['start', '-p', 'seed-old', '--nodes', '2', '--network-plugin=cni']);
    expect(start.exitCode, start.stderr).toBe(0);
    const file = path.join(tmp, 'calico-v3.20.0.yaml');
    await writeFile(file, calicoManifestYaml(calicoManifest('v3.20.0')));
    const apply = await kubectl(['apply', '-f', file]);
    expect(apply.exitCode).toBe(1);
    expect(apply.stderr).toMatch(/no matches for kind "PodDisruptionBudget" in version "policy\/v1beta1"/);
    expect(apply.stdout).toContain('daemonset.apps/calico-node created');
  }, 120_000);
});

describe('minikube start --cni whose manifest does not install', () => {
  it('exits GUEST_START (80) with kubectl’s error after one retry, as minikube does', async () => {
    profiles.push('old-calico');
    const start = await minikube(
      ['start', '-p', 'old-calico', '--nodes', '2', '--kubernetes-version', 'v1.31.0', '--cni', 'calico'],
      { LAB_SIM_CALICO_VERSION: 'v3.20.0' },
    );
    expect(start.exitCode).toBe(80);
    expect(start.stderr).toContain('initialization failed, will try again: apply cni: cni apply:');
    expect(start.stderr).toContain(
      'X Exiting due to GUEST_START: failed to start node: apply cni: cni apply: cmd: sudo /var/lib/minikube/binaries/v1.31.0/kubectl apply --kubeconfig=/var/lib/minikube/kubeconfig -f /var/tmp/minikube/cni.yaml',
    );
    expect(start.stderr).toContain(
      'error: resource mapping not found for name: "calico-kube-controllers" namespace: "kube-system" from "/var/tmp/minikube/cni.yaml": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"',
    );
  }, 120_000);

  it('installs the same manifest given as --cni=FILE on v1.24.3', async () => {
    profiles.push('file-cni');
    const file = path.join(tmp, 'cni-v3.20.0.yaml');
    await writeFile(file, calicoManifestYaml(calicoManifest('v3.20.0')));
    const start = await minikube([
      'start',
      '-p',
      'file-cni',
      '--nodes',
      '2',
      '--kubernetes-version',
      'v1.24.3',
      `--cni=${file}`,
    ]);
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain('Configuring Calico (Container Networking Interface) ...');
  }, 120_000);
});
