/** Pod status pieces shared by the kubelet and the bootstrap (pods that are already running). */
import { minorOf } from '../../minikube/versions.ts';
import { parseImage, statusImage, statusImageId } from './images.ts';
import type { Condition } from './pods.ts';

export function runtimeName(containerRuntime: string): string {
  return containerRuntime === 'docker' ? 'docker' : containerRuntime === 'cri-o' ? 'cri-o' : 'containerd';
}

export function runningContainerStatus(
  container: { name: string; image?: string },
  runtime: string,
  containerId: string,
  startedAt: string,
  ready: boolean,
): Record<string, unknown> {
  const ref = parseImage(container.image ?? '');
  return {
    containerID: `${runtime}://${containerId}`,
    image: statusImage(ref, runtime),
    imageID: statusImageId(ref, runtime),
    lastState: {},
    name: container.name,
    ready,
    restartCount: 0,
    started: true,
    state: { running: { startedAt } },
  };
}

/** Conditions of a pod whose containers all run, in the order the kubelet writes them. */
/**
 * `status.hostIPs` is reported from Kubernetes 1.29, when the PodHostIPs feature went beta and on by
 * default (alpha and off in 1.28; KEP-2681, https://github.com/kubernetes/enhancements/issues/2681,
 * CHANGELOG-1.29). Before, a pod's status has `hostIP` alone.
 */
export function hostIPsField(
  k8sVersion: string,
  hostIp: string,
): { hostIP: string; hostIPs?: { ip: string }[] } {
  return minorOf(k8sVersion) >= 29 ? { hostIP: hostIp, hostIPs: [{ ip: hostIp }] } : { hostIP: hostIp };
}

export function runningPodConditions(
  now: string,
  ready: boolean,
  unready: string[],
  k8sVersion: string,
): Condition[] {
  const readyCond: Condition = ready
    ? { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: `containers with unready status: [${unready.join(' ')}]`,
        lastProbeTime: null,
        lastTransitionTime: now,
      };
  return [
    ...(minorOf(k8sVersion) >= 29
      ? [
          {
            type: 'PodReadyToStartContainers',
            status: 'True' as const,
            lastProbeTime: null,
            lastTransitionTime: now,
          },
        ]
      : []),
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
    readyCond,
    { ...readyCond, type: 'ContainersReady' },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
  ];
}
