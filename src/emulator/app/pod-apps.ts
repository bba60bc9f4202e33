/**
 * The programs running in pods and the ports they listen on: the lab app on 3000 once its build is
 * done, nginx on 80. Everything else listens nowhere (connection refused).
 */
import type { SimOptions } from '../config.ts';
import { podIp } from '../network/cluster-view.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { type ContainerSpec, specEnv } from './env.ts';
import { type FrontendBuild, type FrontendValues, frontendBuild } from './frontend-build.ts';
import type { Responder } from './http-types.ts';
import { imageKind } from './image.ts';
import { frontendResponder, nginxResponder } from './responders.ts';
import {
  type ContainerStartTracker,
  type FrontendTiming,
  frontendBuildMs,
  frontendTiming,
  statusStartedAt,
} from './timing.ts';

export const FRONTEND_PORT = 3000;

export interface PodAppsDeps {
  store: ClusterStore;
  options: SimOptions;
  now: () => number;
  tracker?: ContainerStartTracker;
}

export class PodApps {
  private readonly builds = new Map<string, FrontendBuild>();

  constructor(private readonly deps: PodAppsDeps) {}

  startedAt(pod: KubeObject, container: string): number | undefined {
    return this.deps.tracker ? this.deps.tracker.startedAt(pod, container) : statusStartedAt(pod, container);
  }

  frontendContainer(pod: KubeObject): ContainerSpec | undefined {
    return (pod.spec?.containers ?? []).find((c: ContainerSpec) => imageKind(c.image ?? '') === 'frontend');
  }

  /** Build/serve phase of the lab app in this pod (undefined when the pod does not run it). */
  frontendTiming(pod: KubeObject): FrontendTiming | undefined {
    const c = this.frontendContainer(pod);
    if (!c) return undefined;
    return frontendTiming(
      this.startedAt(pod, c.name),
      frontendBuildMs(this.deps.options, pod),
      this.deps.now(),
    );
  }

  frontendValues(pod: KubeObject): FrontendValues {
    const c = this.frontendContainer(pod);
    const env = specEnv(this.deps.store, pod, c);
    return {
      username: env.REACT_APP_USERNAME,
      company: env.REACT_APP_COMPANY_NAME,
      containerName: pod.spec?.hostname ?? pod.metadata.name,
      containerIp: podIp(pod),
    };
  }

  /** The build output; fixed per container run, like the files `npm run build` wrote. */
  frontendBuild(pod: KubeObject): FrontendBuild {
    const c = this.frontendContainer(pod);
    const key = `${pod.metadata.uid ?? pod.metadata.name}|${c ? this.startedAt(pod, c.name) : ''}`;
    let build = this.builds.get(key);
    if (!build) {
      build = frontendBuild(this.frontendValues(pod));
      this.builds.set(key, build);
    }
    return build;
  }

  /** What answers a TCP connection to `port` of this pod, or undefined (connection refused). */
  listener(pod: KubeObject, port: number): Responder | undefined {
    if (pod.status?.phase !== 'Running') return undefined;
    for (const c of (pod.spec?.containers ?? []) as ContainerSpec[]) {
      const kind = imageKind(c.image ?? '');
      const started = this.startedAt(pod, c.name);
      if (started === undefined) continue;
      if (kind === 'frontend' && port === FRONTEND_PORT) {
        const timing = frontendTiming(started, frontendBuildMs(this.deps.options, pod), this.deps.now());
        if (timing.phase !== 'serving') return undefined;
        return frontendResponder(this.frontendBuild(pod), timing.readyAtMs as number);
      }
      if (kind === 'nginx' && port === 80) return nginxResponder(started);
    }
    return undefined;
  }
}
