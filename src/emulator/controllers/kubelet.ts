/**
 * The kubelets of all emulated nodes: per pod, sandbox + CNI (Calico IPAM, or the node IP for
 * hostNetwork pods), image pulls with ErrImagePull/ImagePullBackOff, container start, readiness,
 * and on deletion the CNI DEL that returns the IP to Calico. Delays are emulated seconds × timeFactor.
 */

import { minorOf } from '../../minikube/versions.ts';
import { assignPodIp, CONTAINER_ID_ANNOTATION, releasePodIp } from '../calico/ipam.ts';
import type { TimerHandle } from '../clock.ts';
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject, StoreEvent } from '../store/types.ts';
import type { Controller, ControllerContext } from './context.ts';
import type { EventSpec } from './events.ts';
import {
  type ImageRef,
  imageSizeBytes,
  isKnownImage,
  isSystemImage,
  parseImage,
  pullErrorMessage,
  pullSeconds,
  pullTimeoutMessage,
} from './images.ts';
import { randomHex } from './names.ts';
import { hostIPsField, runningContainerStatus, runtimeName } from './pod-status.ts';
import { type Condition, isNodeReady, nodeInternalIp, withCondition } from './pods.ts';

const SANDBOX_SECONDS = 1;
const START_SECONDS = 1;
const SANDBOX_RETRY_SECONDS = 10;
const MAX_BACKOFF_SECONDS = 300;
const CALICO_NOT_READY =
  'Readiness probe failed: calico/node is not ready: BIRD is not ready: Error querying BIRD: unable to connect to BIRDv4 socket: dial unix /var/run/calico/bird.ctl: connect: connection refused';

type ContainerState =
  | { kind: 'creating' }
  | { kind: 'pulling' }
  | { kind: 'errImagePull'; message: string; backoffSeconds: number }
  | { kind: 'imagePullBackOff'; image: string; backoffSeconds: number }
  | { kind: 'running'; containerId: string; startedAt: string; ready: boolean }
  | { kind: 'terminated'; containerId: string; startedAt: string; finishedAt: string; exitCode: number };

interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  hostNetwork: boolean;
  sandboxId: string;
  stage: 'sandbox' | 'sandbox-failed' | 'containers' | 'terminating';
  podIp?: string;
  startTime: string;
  containers: Map<string, ContainerState>;
  timers: Set<TimerHandle>;
}

function isCalicoNode(pod: KubeObject): boolean {
  return pod.metadata.namespace === 'kube-system' && pod.metadata.labels?.['k8s-app'] === 'calico-node';
}

export class Kubelet {
  private readonly runs = new Map<string, PodRun>();
  /** Images already on each node (IfNotPresent pulls are skipped). */
  private readonly pulled = new Map<string, Set<string>>();
  /** The image-pull-timeout fault: per node and image, how many pods got timeouts. */
  private readonly pullTimeouts = new Map<string, number>();
  /** Pods (by uid) whose pulls of an image time out, keyed `uid image`. */
  private readonly timingOut = new Set<string>();
  private readonly runtime: string;

  constructor(
    private readonly store: ClusterStore,
    private readonly ctx: ControllerContext,
  ) {
    this.runtime = runtimeName(ctx.opts.containerRuntime);
  }

  stop(): void {
    for (const run of this.runs.values()) this.cancelTimers(run);
    this.runs.clear();
  }

  onEvent(event: StoreEvent): void {
    const { resource, object, type } = event;
    if (resource.group === '' && resource.plural === 'pods') {
      if (type === 'DELETED') this.forget(object);
      else this.observe(object);
    } else if (
      (resource.group === 'crd.projectcalico.org' && resource.plural === 'ippools') ||
      (resource.group === '' && (resource.plural === 'nodes' || resource.plural === 'namespaces'))
    ) {
      // Pool/label changes can unblock CNI; a node turning Ready unblocks its pods.
      for (const run of this.runs.values()) if (run.stage === 'sandbox-failed') this.retrySandbox(run);
      if (resource.plural === 'nodes') for (const pod of this.store.list('pods')) this.observe(pod);
    }
  }

  /** Starts, adopts or terminates the pod as its state requires. */
  observe(pod: KubeObject): void {
    const node = pod.spec?.nodeName;
    const uid = pod.metadata.uid ?? '';
    if (!node) return;
    const existing = this.runs.get(uid);
    if (pod.metadata.deletionTimestamp) {
      if (existing && existing.stage !== 'terminating') this.terminate(existing, pod);
      return;
    }
    if (existing) return;
    const nodeObj = this.store.get('nodes', undefined, node);
    if (!nodeObj || !isNodeReady(nodeObj)) return; // a NotReady kubelet does nothing
    if (
      pod.status?.phase === 'Running' ||
      pod.status?.phase === 'Succeeded' ||
      pod.status?.phase === 'Failed'
    ) {
      this.adopt(pod, node);
      return;
    }
    this.start(pod, node);
  }

  private newRun(pod: KubeObject, node: string): PodRun {
    const run: PodRun = {
      uid: pod.metadata.uid ?? '',
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      node,
      hostNetwork: pod.spec?.hostNetwork === true,
      sandboxId:
        pod.metadata.annotations?.[CONTAINER_ID_ANNOTATION] ?? randomHex(this.ctx.random('sandbox-ids'), 64),
      stage: 'sandbox',
      startTime: pod.status?.startTime ?? formatTimestamp(this.ctx.clock.now()),
      containers: new Map(),
      timers: new Set(),
    };
    this.runs.set(run.uid, run);
    return run;
  }

  /** A pod already running when the kubelet starts (bootstrap): remember it, touch nothing. */
  private adopt(pod: KubeObject, node: string): void {
    const run = this.newRun(pod, node);
    run.stage = 'containers';
    run.podIp = pod.status?.podIP;
    for (const c of pod.spec?.containers ?? []) {
      const st = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === c.name);
      this.markPulled(node, parseImage(c.image ?? ''));
      run.containers.set(c.name, {
        kind: 'running',
        containerId: st?.containerID ?? '',
        startedAt: st?.state?.running?.startedAt ?? run.startTime,
        ready: st?.ready ?? true,
      });
      if (isCalicoNode(pod) && this.ctx.opts.faults.calicoNotReady) {
        this.reportCalicoUnhealthy(run, `spec.containers{${c.name}}`);
      }
    }
  }

  private start(pod: KubeObject, node: string): void {
    const run = this.newRun(pod, node);
    for (const c of pod.spec?.containers ?? []) run.containers.set(c.name, { kind: 'creating' });
    this.writeStatus(run);
    this.schedule(run, SANDBOX_SECONDS, () => this.setupSandbox(run));
  }

  private pod(run: PodRun): KubeObject | undefined {
    const pod = this.store.get('pods', run.namespace, run.name);
    return pod && pod.metadata.uid === run.uid ? pod : undefined;
  }

  private schedule(run: PodRun, realSeconds: number, fn: () => void, floorMs = 0): void {
    const handle = this.ctx.clock.after(
      realSeconds,
      () => {
        run.timers.delete(handle);
        if (this.runs.get(run.uid) !== run) return;
        try {
          fn();
        } catch (err) {
          console.error(`kubelet on ${run.node} failed for ${run.namespace}/${run.name}:`, err);
        }
      },
      floorMs,
    );
    run.timers.add(handle);
  }

  private cancelTimers(run: PodRun): void {
    for (const t of run.timers) this.ctx.clock.clearTimeout(t);
    run.timers.clear();
  }

  private event(run: PodRun, spec: Omit<EventSpec, 'component' | 'host'>): void {
    const pod = this.pod(run);
    if (pod) this.ctx.events.record(pod, { ...spec, component: 'kubelet', host: run.node });
  }

  // ---------------------------------------------------------------- sandbox + CNI

  private setupSandbox(run: PodRun): void {
    const pod = this.pod(run);
    if (!pod) return;
    if (run.hostNetwork) {
      run.podIp = nodeInternalIp(this.store.get('nodes', undefined, run.node));
      this.sandboxReady(run, pod);
      return;
    }
    // Calico's CNI plugin names the IPAM handle after the sandbox id.
    const withId = structuredClone(pod);
    withId.metadata.annotations = {
      ...(withId.metadata.annotations ?? {}),
      [CONTAINER_ID_ANNOTATION]: run.sandboxId,
    };
    const result = assignPodIp(this.store, withId, run.node, {
      hostLocal: this.ctx.opts.faults.hostLocalIpam,
    });
    if (!result.ok) {
      run.stage = 'sandbox-failed';
      this.event(run, {
        type: 'Warning',
        reason: 'FailedCreatePodSandBox',
        message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${run.sandboxId}": plugin type="calico" failed (add): ${result.error}`,
      });
      if (this.ctx.clock.timeFactor > 0)
        this.schedule(run, SANDBOX_RETRY_SECONDS, () => this.retrySandbox(run), 250);
      return;
    }
    run.podIp = result.ip;
    this.store.update('pods', run.namespace, run.name, (draft) => {
      draft.metadata.annotations = {
        ...(draft.metadata.annotations ?? {}),
        [CONTAINER_ID_ANNOTATION]: run.sandboxId,
        'cni.projectcalico.org/podIP': `${result.ip}/32`,
        'cni.projectcalico.org/podIPs': `${result.ip}/32`,
      };
    });
    this.sandboxReady(run, pod);
  }

  private retrySandbox(run: PodRun): void {
    if (run.stage !== 'sandbox-failed') return;
    run.stage = 'sandbox';
    this.cancelTimers(run);
    this.setupSandbox(run);
  }

  private sandboxReady(run: PodRun, pod: KubeObject): void {
    run.stage = 'containers';
    this.writeStatus(run);
    for (const c of pod.spec?.containers ?? []) this.pullImage(run, c);
  }

  // ---------------------------------------------------------------- images

  private markPulled(node: string, ref: ImageRef): void {
    let set = this.pulled.get(node);
    if (!set) {
      set = new Set();
      this.pulled.set(node, set);
    }
    set.add(`${ref.registry}/${ref.repository}:${ref.tag}`);
  }

  private isPresent(node: string, ref: ImageRef): boolean {
    return this.pulled.get(node)?.has(`${ref.registry}/${ref.repository}:${ref.tag}`) ?? false;
  }

  // biome-ignore lint/suspicious/noExplicitAny: container specs are open JSON.
  private pullImage(run: PodRun, container: any): void {
    const image: string = container.image ?? '';
    const ref = parseImage(image);
    const fieldPath = `spec.containers{${container.name}}`;
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    if (policy !== 'Always' && this.isPresent(run.node, ref)) {
      this.event(run, {
        type: 'Normal',
        reason: 'Pulled',
        message: `Container image "${image}" already present on machine`,
        fieldPath,
      });
      this.schedule(run, START_SECONDS, () => this.startContainer(run, container));
      return;
    }
    if (policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      run.containers.set(container.name, { kind: 'errImagePull', message, backoffSeconds: 0 });
      this.event(run, { type: 'Warning', reason: 'ErrImageNeverPull', message, fieldPath });
      this.writeStatus(run);
      return;
    }
    const previous = run.containers.get(container.name);
    const backoffSeconds = previous && 'backoffSeconds' in previous ? previous.backoffSeconds : 0;
    run.containers.set(container.name, { kind: 'pulling' });
    this.event(run, { type: 'Normal', reason: 'Pulling', message: `Pulling image "${image}"`, fieldPath });
    const seconds = pullSeconds(ref);
    this.schedule(run, seconds, () => {
      const broken = this.ctx.opts.faults.imagePullError && !isSystemImage(ref);
      if (!broken && isKnownImage(ref) && this.pullTimesOut(run, ref)) {
        this.pullFailed(run, container, pullTimeoutMessage(ref, this.runtime), backoffSeconds);
        return;
      }
      if (!broken && isKnownImage(ref)) {
        this.markPulled(run.node, ref);
        const took = `${(seconds * (0.9 + this.ctx.random('pull-times')() * 0.2)).toFixed(3)}s`;
        const size =
          minorOf(this.ctx.opts.kubernetesVersion) >= 29 ? ` Image size: ${imageSizeBytes(ref)} bytes.` : '';
        this.event(run, {
          type: 'Normal',
          reason: 'Pulled',
          message: `Successfully pulled image "${image}" in ${took} (${took} including waiting).${size}`,
          fieldPath,
        });
        this.startContainer(run, container);
        return;
      }
      this.pullFailed(run, container, pullErrorMessage(ref, this.runtime, broken), backoffSeconds);
    });
  }

  /**
   * The image-pull-timeout=N fault: the first N pods to pull an image on a node time out on every
   * pull of it (their back-off re-pulls too); later pods get it.
   */
  private pullTimesOut(run: PodRun, ref: ImageRef): boolean {
    const limit = this.ctx.opts.faults.imagePullTimeout ?? 0;
    if (limit === 0 || isSystemImage(ref)) return false;
    const image = `${ref.registry}/${ref.repository}:${ref.tag}`;
    if (this.timingOut.has(`${run.uid} ${image}`)) return true;
    const key = `${run.node} ${image}`;
    const seen = this.pullTimeouts.get(key) ?? 0;
    if (seen >= limit) return false;
    this.pullTimeouts.set(key, seen + 1);
    this.timingOut.add(`${run.uid} ${image}`);
    return true;
  }

  // biome-ignore lint/suspicious/noExplicitAny: container specs are open JSON.
  private pullFailed(run: PodRun, container: any, error: string, lastBackoff: number): void {
    const image: string = container.image ?? '';
    const fieldPath = `spec.containers{${container.name}}`;
    const next = Math.min(MAX_BACKOFF_SECONDS, lastBackoff === 0 ? 10 : lastBackoff * 2);
    run.containers.set(container.name, { kind: 'errImagePull', message: error, backoffSeconds: next });
    this.event(run, {
      type: 'Warning',
      reason: 'Failed',
      message: `Failed to pull image "${image}": ${error}`,
      fieldPath,
    });
    this.event(run, { type: 'Warning', reason: 'Failed', message: 'Error: ErrImagePull', fieldPath });
    this.writeStatus(run);
    this.schedule(
      run,
      1,
      () => {
        run.containers.set(container.name, { kind: 'imagePullBackOff', image, backoffSeconds: next });
        this.event(run, {
          type: 'Normal',
          reason: 'BackOff',
          message: `Back-off pulling image "${image}"`,
          fieldPath,
        });
        this.event(run, { type: 'Warning', reason: 'Failed', message: 'Error: ImagePullBackOff', fieldPath });
        this.writeStatus(run);
        // Retry after the back-off; with timeFactor 0 a floor keeps this from spinning.
        this.schedule(run, next, () => this.pullImage(run, container), 200);
      },
      20,
    );
  }

  // ---------------------------------------------------------------- containers

  // biome-ignore lint/suspicious/noExplicitAny: container specs are open JSON.
  private startContainer(run: PodRun, container: any): void {
    const fieldPath = `spec.containers{${container.name}}`;
    const pod = this.pod(run);
    if (!pod) return;
    this.event(run, {
      type: 'Normal',
      reason: 'Created',
      message: `Created container ${container.name}`,
      fieldPath,
    });
    this.event(run, {
      type: 'Normal',
      reason: 'Started',
      message: `Started container ${container.name}`,
      fieldPath,
    });
    const calicoBroken = isCalicoNode(pod) && this.ctx.opts.faults.calicoNotReady;
    const probe = container.readinessProbe;
    const ready = !calicoBroken && !probe;
    run.containers.set(container.name, {
      kind: 'running',
      containerId: randomHex(this.ctx.random('container-ids'), 64),
      startedAt: formatTimestamp(this.ctx.clock.now()),
      ready,
    });
    this.writeStatus(run);
    const exited = calicoBroken ? undefined : this.ctx.processes?.start(pod, container);
    if (exited) exited.then((out) => this.containerExited(run, container.name, out.exitCode));
    if (calicoBroken) {
      this.reportCalicoUnhealthy(run, fieldPath);
    } else if (probe) {
      // The probe passes after its initial delay (the app's own port is emulated elsewhere).
      const wait = (probe.initialDelaySeconds ?? 0) + Math.min(probe.periodSeconds ?? 10, 1);
      this.schedule(run, wait, () => {
        const st = run.containers.get(container.name);
        if (st?.kind === 'running') {
          st.ready = true;
          this.writeStatus(run);
        }
      });
    }
  }

  /** The main process ended (restartPolicy Never: the container stays terminated). */
  private containerExited(run: PodRun, name: string, exitCode: number): void {
    if (this.runs.get(run.uid) !== run || run.stage !== 'containers') return;
    const st = run.containers.get(name);
    if (st?.kind !== 'running') return;
    run.containers.set(name, {
      kind: 'terminated',
      containerId: st.containerId,
      startedAt: st.startedAt,
      finishedAt: formatTimestamp(this.ctx.clock.now()),
      exitCode,
    });
    this.writeStatus(run);
  }

  private reportCalicoUnhealthy(run: PodRun, fieldPath: string): void {
    this.event(run, { type: 'Warning', reason: 'Unhealthy', message: CALICO_NOT_READY, fieldPath });
    if (this.ctx.clock.timeFactor > 0)
      this.schedule(run, 10, () => this.reportCalicoUnhealthy(run, fieldPath), 1000);
  }

  // ---------------------------------------------------------------- status

  private writeStatus(run: PodRun): void {
    const pod = this.pod(run);
    if (!pod) return;
    const now = formatTimestamp(this.ctx.clock.now());
    const nodeObj = this.store.get('nodes', undefined, run.node);
    const hostIp = nodeInternalIp(nodeObj);
    const statuses = (pod.spec?.containers ?? []).map((c: { name: string; image?: string }) =>
      this.containerStatus(c, run.containers.get(c.name) ?? { kind: 'creating' }),
    );
    const allRunning = statuses.length > 0 && statuses.every((s: { started: boolean }) => s.started);
    const states = [...run.containers.values()];
    const finished = states.length > 0 && states.every((s) => s.kind === 'terminated');
    const failed = states.some((s) => s.kind === 'terminated' && s.exitCode !== 0);
    const unready = statuses.filter((s: { ready: boolean }) => !s.ready).map((s: { name: string }) => s.name);
    const readyCond: Condition = finished
      ? { type: 'Ready', status: 'False', reason: 'PodCompleted', lastProbeTime: null }
      : unready.length === 0
        ? { type: 'Ready', status: 'True', lastProbeTime: null }
        : {
            type: 'Ready',
            status: 'False',
            reason: 'ContainersNotReady',
            message: `containers with unready status: [${unready.join(' ')}]`,
            lastProbeTime: null,
          };
    const existing: Condition[] = pod.status?.conditions ?? [];
    let conditions: Condition[] = [];
    const carry = (c: Condition): void => {
      const merged = withCondition(existing, c, now).find((x) => x.type === c.type)!;
      conditions.push(merged);
    };
    if (minorOf(this.ctx.opts.kubernetesVersion) >= 29) {
      carry({
        type: 'PodReadyToStartContainers',
        status: run.stage === 'containers' ? 'True' : 'False',
        lastProbeTime: null,
      });
    }
    carry({ type: 'Initialized', status: 'True', lastProbeTime: null });
    carry(readyCond);
    carry({ ...readyCond, type: 'ContainersReady' });
    carry({ type: 'PodScheduled', status: 'True', lastProbeTime: null });
    conditions = conditions.map((c) =>
      c.status === 'True'
        ? { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime: c.lastTransitionTime }
        : c,
    );

    const status: Record<string, unknown> = {
      phase: finished ? (failed ? 'Failed' : 'Succeeded') : allRunning ? 'Running' : 'Pending',
      conditions,
      ...(hostIp ? hostIPsField(this.ctx.opts.kubernetesVersion, hostIp) : {}),
      ...(run.podIp ? { podIP: run.podIp, podIPs: [{ ip: run.podIp }] } : {}),
      startTime: run.startTime,
      containerStatuses: statuses,
      qosClass: pod.status?.qosClass ?? qosClass(pod),
    };
    this.store.update(
      'pods',
      run.namespace,
      run.name,
      (draft) => {
        draft.status = status;
      },
      { status: true },
    );
  }

  private containerStatus(
    c: { name: string; image?: string },
    state: ContainerState,
  ): Record<string, unknown> {
    const base = {
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      lastState: {},
      ready: false,
      restartCount: 0,
      started: false,
    };
    switch (state.kind) {
      case 'creating':
      case 'pulling':
        return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
      case 'errImagePull':
        return { ...base, state: { waiting: { reason: 'ErrImagePull', message: state.message } } };
      case 'imagePullBackOff':
        return {
          ...base,
          state: {
            waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${state.image}"` },
          },
        };
      case 'running':
        return runningContainerStatus(c, this.runtime, state.containerId, state.startedAt, state.ready);
      case 'terminated': {
        const running = runningContainerStatus(c, this.runtime, state.containerId, state.startedAt, false);
        const containerID = `${this.runtime}://${state.containerId}`;
        return {
          ...running,
          started: false,
          state: {
            terminated: {
              containerID,
              exitCode: state.exitCode,
              finishedAt: state.finishedAt,
              reason: state.exitCode === 0 ? 'Completed' : 'Error',
              startedAt: state.startedAt,
            },
          },
        };
      }
    }
  }

  // ---------------------------------------------------------------- deletion

  private terminate(run: PodRun, pod: KubeObject): void {
    run.stage = 'terminating';
    this.cancelTimers(run);
    for (const c of pod.spec?.containers ?? []) {
      if (run.containers.get(c.name)?.kind === 'running') {
        this.ctx.events.record(pod, {
          type: 'Normal',
          reason: 'Killing',
          message: `Stopping container ${c.name}`,
          component: 'kubelet',
          host: run.node,
          fieldPath: `spec.containers{${c.name}}`,
        });
      }
    }
    const grace = Math.min(
      pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30,
      1,
    );
    this.schedule(run, grace, () => {
      this.releaseNetwork(run);
      const current = this.pod(run);
      if (current) this.store.delete('pods', run.namespace, run.name);
    });
  }

  private forget(pod: KubeObject): void {
    this.ctx.processes?.forget(pod.metadata.uid ?? '');
    const run = this.runs.get(pod.metadata.uid ?? '');
    if (!run) return;
    this.cancelTimers(run);
    this.releaseNetwork(run);
    this.runs.delete(run.uid);
  }

  /** CNI DEL: the address goes back to Calico (to the tail of its block's free list). */
  private releaseNetwork(run: PodRun): void {
    if (run.hostNetwork) return;
    const handleCarrier: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: run.name,
        namespace: run.namespace,
        uid: run.uid,
        annotations: { [CONTAINER_ID_ANNOTATION]: run.sandboxId },
      },
    };
    releasePodIp(this.store, handleCarrier);
  }
}

function qosClass(pod: KubeObject): string {
  const containers = pod.spec?.containers ?? [];
  const any = containers.some(
    (c: { resources?: { requests?: object; limits?: object } }) =>
      Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length,
  );
  if (!any) return 'BestEffort';
  const guaranteed = containers.every(
    (c: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }) => {
      const limits = c.resources?.limits ?? {};
      const requests = c.resources?.requests ?? limits;
      return ['cpu', 'memory'].every((r) => limits[r] !== undefined && limits[r] === requests[r]);
    },
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const startKubelet: Controller = (store, ctx) => {
  const kubelet = new Kubelet(store, ctx);
  const unsubscribe = store.subscribe((event) => kubelet.onEvent(event));
  for (const pod of store.list('pods')) kubelet.observe(pod);
  return () => {
    unsubscribe();
    kubelet.stop();
  };
};
