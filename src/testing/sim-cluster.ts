/**
 * For tests: an in-process emulated cluster (2 nodes, containerd, Calico) with a kubeconfig in a
 * temp dir, a connected Kube, and the lab's reference manifests (fixtures/submissions/reference).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import YAML from 'yaml';
import { Kube } from '../cluster/kube.ts';
import { defaultSimOptions, parseFaults, type SimCluster, startSimCluster } from '../emulator/index.ts';

export interface TestCluster {
  sim: SimCluster;
  kube: Kube;
  dir: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

export function kubeconfigYaml(
  server: string,
  opts: { skipTlsVerify?: boolean; name?: string } = {},
): string {
  const name = opts.name ?? 't';
  const cluster: Record<string, unknown> = { server };
  if (opts.skipTlsVerify ?? true) cluster['insecure-skip-tls-verify'] = true;
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: 'test' } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
  });
}

export async function startTestCluster(opts: { faults?: string } = {}): Promise<TestCluster> {
  const sim = await startSimCluster(
    defaultSimOptions({ profile: 't', faults: parseFaults(opts.faults), seed: 7 }),
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cluster-test-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  await writeFile(kubeconfigPath, kubeconfigYaml(sim.url));
  const kube = await Kube.connect({ kubeconfigPath });
  return {
    sim,
    kube,
    dir,
    kubeconfigPath,
    async stop() {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const REFERENCE = fileURLToPath(new URL('../../fixtures/submissions/reference', import.meta.url));

/** The reference submission's Deployment (2 replicas of the app) and NodePort Service. */
export async function referenceLabObjects(): Promise<{
  deployment: KubernetesObject;
  service: KubernetesObject;
}> {
  const read = async (file: string) =>
    YAML.parse(await readFile(path.join(REFERENCE, file), 'utf8')) as KubernetesObject;
  return { deployment: await read('deployment.yaml'), service: await read('service.yaml') };
}
