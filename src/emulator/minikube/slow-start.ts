/**
 * The `slow-minikube-start=SECONDS` fault: a first `minikube start` that spends minutes pulling the
 * kic base image and the Kubernetes preload before it creates a container (minikube prints
 * `🚜  Pulling base image …` and `💾  Downloading Kubernetes … preload …`, then nothing for
 * minutes on a slow link). The stand-in prints those lines and stalls SECONDS of wall time —
 * unscaled, since it plays the grader's limit being exceeded, not the cluster's own pace.
 */
import type { SimOptions } from '../config.ts';
import type { Console } from './output.ts';

export async function stallLikeFirstStart(con: Console, options: SimOptions): Promise<void> {
  const seconds = options.faults.slowMinikubeStartSeconds;
  if (!seconds) return;
  con.out(`${con.color ? '🚜  ' : '* '}Pulling base image v0.0.45 ...\n`);
  con.out(`${con.color ? '💾  ' : '* '}Downloading Kubernetes ${options.kubernetesVersion} preload ...\n`);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
