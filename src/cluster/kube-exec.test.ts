/**
 * The driver's exec against API servers with and without v5.channel.k8s.io: stdin is sent only over
 * v5, the one subprotocol that can close it (feature gate TranslateStreamCloseWebsocketRequests, on by
 * default from Kubernetes 1.30; docs/reference-facts.md, kube-api-emulation, "kubectl exec").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSimOptions, type SimCluster, startSimCluster } from '../emulator/index.ts';
import { kubeconfigYaml } from '../testing/sim-cluster.ts';
import { Kube } from './kube.ts';
import { waitPodRunning } from './waits.ts';

describe.each(['v1.29.0', 'v1.30.0'])('exec on emulated Kubernetes %s', (version) => {
  let sim: SimCluster;
  let kube: Kube;
  let dir: string;
  let pod: string;

  beforeAll(async () => {
    sim = await startSimCluster(defaultSimOptions({ profile: 'x', kubernetesVersion: version, seed: 3 }));
    dir = await mkdtemp(join(tmpdir(), 'kube-exec-test-'));
    await writeFile(join(dir, 'kubeconfig'), kubeconfigYaml(sim.url));
    kube = await Kube.connect({ kubeconfigPath: join(dir, 'kubeconfig') });
    await kube.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'box', namespace: 'default' },
      spec: { containers: [{ name: 'box', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    });
    pod = (await waitPodRunning(kube, 'default', 'box', 20_000)).metadata?.name as string;
  });
  afterAll(async () => {
    await sim?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('runs a command without stdin and reads its exit code', async () => {
    const r = await kube.exec('default', pod, undefined, ['sh', '-c', 'echo hi; exit 3'], {
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ stdout: 'hi\n', exitCode: 3, timedOut: false });
  });

  it(
    version === 'v1.29.0'
      ? 'sends no stdin below v5 and says why, at once (no exit status could come)'
      : 'feeds stdin over v5 and the command sees EOF',
    async () => {
      const r = await kube.exec('default', pod, undefined, ['cat'], { stdin: 'x\n', timeoutMs: 10_000 });
      if (version === 'v1.29.0') {
        expect(r).toMatchObject({ exitCode: null, timedOut: false, stdout: '' });
        expect(r.failure).toContain('the API server chose v4.channel.k8s.io');
        expect(r.durationMs).toBeLessThan(5000);
      } else expect(r).toMatchObject({ exitCode: 0, stdout: 'x\n' });
    },
  );
});
