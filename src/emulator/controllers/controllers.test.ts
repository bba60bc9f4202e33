import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../bootstrap.ts';
import { IPPOOLS } from '../calico/pools.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { eventually, startTestCluster, type TestCluster, testOptions } from '../test-support/controllers.ts';

function labDeployment(image = 'ifilyaninitmo/itdt-contained-frontend:master', replicas = 2): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'lab4-deployment', namespace: 'default', labels: { app: 'lab4-deployment' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'lab4-deployment' } },
      template: {
        metadata: { labels: { app: 'lab4-deployment' } },
        spec: {
          containers: [
            {
              name: 'frontend',
              image,
              env: [
                { name: 'REACT_APP_USERNAME', value: 'student' },
                { name: 'REACT_APP_COMPANY_NAME', value: 'ITMO' },
              ],
              ports: [{ containerPort: 3000 }],
            },
          ],
        },
      },
    },
  };
}

function appPods(store: ClusterStore): KubeObject[] {
  return store.list('pods', 'default').filter((p) => p.metadata.labels?.app === 'lab4-deployment');
}

function ready(p: KubeObject): boolean {
  return p.status?.conditions?.some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.stop();
  cluster = undefined;
});

describe('controllers on a bootstrapped cluster', () => {
  it('runs a 2-replica deployment with one pod per node, Running and Ready, with real status fields', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    store.create('apps/deployments', labDeployment());
    const pods = await eventually(() => {
      const list = appPods(store);
      return list.length === 2 && list.every(ready) ? list : undefined;
    });
    expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(new Set(['minikube', 'minikube-m02']));
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(
        /^lab4-deployment-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      );
      expect(pod.status.phase).toBe('Running');
      // Pod IPs from each node's Calico block (docs/reference-facts.md, calico-ippool §5: .64 tunnel, .65/.66 system pods on minikube).
      const expected = pod.spec.nodeName === 'minikube' ? '10.244.120.67' : '10.244.205.193';
      expect(pod.status.podIP).toBe(expected);
      expect(pod.metadata.annotations?.['cni.projectcalico.org/podIP']).toBe(`${expected}/32`);
      const cs = pod.status.containerStatuses[0];
      expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
      expect(cs.image).toBe('docker.io/ifilyaninitmo/itdt-contained-frontend:master');
      expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0 });
      expect(cs.state.running.startedAt).toBeTruthy();
      expect(pod.status.conditions.map((c: { type: string }) => c.type)).toEqual([
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ]);
    }
    const d = await eventually(() => {
      const dep = store.get('apps/deployments', 'default', 'lab4-deployment')!;
      return dep.status?.availableReplicas === 2 &&
        dep.status.conditions?.some((c: { reason: string }) => c.reason === 'NewReplicaSetAvailable')
        ? dep
        : undefined;
    });
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    });
    expect(d.status.conditions.map((c: { type: string; reason: string }) => `${c.type}/${c.reason}`)).toEqual(
      ['Available/MinimumReplicasAvailable', 'Progressing/NewReplicaSetAvailable'],
    );
    const rsList = store.list('apps/replicasets', 'default');
    expect(rsList).toHaveLength(1);
    expect(rsList[0].status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      fullyLabeledReplicas: 2,
    });
    expect(rsList[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('lists ready pod IPs in Endpoints and EndpointSlices of a selecting Service', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    store.create('apps/deployments', labDeployment());
    store.create('services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lab4-service', namespace: 'default' },
      spec: {
        type: 'NodePort',
        selector: { app: 'lab4-deployment' },
        ports: [{ port: 3000, targetPort: 3000 }],
      },
    });
    const ep = await eventually(() => {
      const e = store.get('endpoints', 'default', 'lab4-service');
      return e?.subsets?.[0]?.addresses?.length === 2 ? e : undefined;
    });
    expect(ep.subsets[0].addresses.map((a: { ip: string }) => a.ip)).toEqual([
      '10.244.120.67',
      '10.244.205.193',
    ]);
    expect(ep.subsets[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }]);
    const slice = store
      .list('discovery.k8s.io/endpointslices', 'default')
      .find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'lab4-service')!;
    expect(slice.endpoints.map((e: { addresses: string[] }) => e.addresses[0])).toEqual([
      '10.244.120.67',
      '10.244.205.193',
    ]);
    const svc = store.get('services', 'default', 'lab4-service')!;
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\./);
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(svc.spec.ports[0].nodePort).toBeLessThanOrEqual(32767);
  });

  it('deleting the deployment removes its ReplicaSet and pods and returns the IPs to the back of the block', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    store.create('apps/deployments', labDeployment());
    await eventually(() => appPods(store).filter(ready).length === 2);
    store.delete('apps/deployments', 'default', 'lab4-deployment');
    expect(store.list('apps/replicasets', 'default')).toEqual([]);
    expect(appPods(store)).toEqual([]);
    await eventually(() => store.list('crd.projectcalico.org/ipamhandles').length === 4); // 2 tunnels + 2 system pods
    // Freed ordinals went to the tail of their block's FIFO: the next pod gets a new address (docs/reference-facts.md, calico-ippool §4).
    store.create('apps/deployments', labDeployment('ifilyaninitmo/itdt-contained-frontend:master', 1));
    const [pod] = await eventually(() => {
      const list = appPods(store).filter(ready);
      return list.length === 1 ? list : undefined;
    });
    expect(pod.status.podIP).toBe(pod.spec.nodeName === 'minikube' ? '10.244.120.68' : '10.244.205.194');
  });

  it('an unknown image ends in ImagePullBackOff with the kubelet events', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    store.create('apps/deployments', labDeployment('ifilyaninitmo/itdt-contained-frontend', 1));
    const pod = await eventually(() =>
      appPods(store).find(
        (p) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      ),
    );
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.containerStatuses[0].state.waiting.message).toBe(
      'Back-off pulling image "ifilyaninitmo/itdt-contained-frontend"',
    );
    const reasons = store
      .list('events', 'default')
      .filter((e) => e.involvedObject.name === pod.metadata.name)
      .map((e) => `${e.type}/${e.reason}/${e.message.slice(0, 40)}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Warning/Failed/Error: ErrImagePull',
        'Warning/Failed/Error: ImagePullBackOff',
        'Normal/BackOff/Back-off pulling image "ifilyaninitmo/it',
      ]),
    );
    const d = store.get('apps/deployments', 'default', 'lab4-deployment')!;
    expect(d.status.unavailableReplicas).toBe(1);
  });

  it('keeps a pod in ContainerCreating without a pool for its node, and retries when a pool appears', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    // A student replaced the default pool with a rack pool but forgot to label the node.
    store.delete(IPPOOLS, undefined, 'default-ipv4-ippool');
    store.create(IPPOOLS, {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: { name: 'rack-0-ippool' },
      spec: { cidr: '192.168.0.0/24', ipipMode: 'Always', natOutgoing: true, nodeSelector: 'rack == "0"' },
    });
    store.create('apps/deployments', labDeployment('ifilyaninitmo/itdt-contained-frontend:master', 1));
    const stuck = await eventually(() =>
      store
        .list('events', 'default')
        .find(
          (e) => e.reason === 'FailedCreatePodSandBox' && e.involvedObject.name.startsWith('lab4-deployment'),
        ),
    );
    expect(stuck.message).toMatch(
      /^Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "[0-9a-f]{64}": plugin type="calico" failed \(add\): no configured Calico pools for node minikube(-m02)?$/,
    );
    const pod = appPods(store)[0];
    expect(pod.status.containerStatuses[0].state.waiting.reason).toBe('ContainerCreating');
    expect(pod.status.podIP).toBeUndefined();
    store.update('nodes', undefined, pod.spec.nodeName, (n) => {
      n.metadata.labels = { ...n.metadata.labels, rack: '0' };
    });
    const running = await eventually(() => appPods(store).find(ready));
    expect(running.status.podIP).toMatch(/^192\.168\.0\./);
  });

  it('reports FailedScheduling when no node matches the nodeSelector', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    const d = labDeployment();
    d.spec.template.spec.nodeSelector = { rack: '1' };
    d.spec.replicas = 1;
    store.create('apps/deployments', d);
    const pod = await eventually(() =>
      appPods(store).find((p) =>
        p.status?.conditions?.some((c: { reason?: string }) => c.reason === 'Unschedulable'),
      ),
    );
    const message =
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.";
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled').message).toBe(
      message,
    );
    const ev = store.list('events', 'default').find((e) => e.reason === 'FailedScheduling')!;
    expect(ev).toMatchObject({ type: 'Warning', message, source: { component: 'default-scheduler' } });
  });

  it('node-not-ready fault: the last node is NotReady and gets no pods', async () => {
    const opts = testOptions({}, { nodeNotReady: true });
    cluster = startTestCluster(opts, (s) => bootstrapCluster(s, opts));
    const { store } = cluster;
    const m02 = store.get('nodes', undefined, 'minikube-m02')!;
    expect(m02.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
    });
    store.create('apps/deployments', labDeployment());
    const pods = await eventually(() => {
      const list = appPods(store);
      return list.length === 2 && list.every(ready) ? list : undefined;
    });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(['minikube', 'minikube']);
  });

  it('calico-not-ready fault: calico-node runs but is not Ready', async () => {
    const opts = testOptions({}, { calicoNotReady: true });
    cluster = startTestCluster(opts, (s) => bootstrapCluster(s, opts));
    const { store } = cluster;
    const calico = store
      .list('pods', 'kube-system')
      .filter((p) => p.metadata.labels?.['k8s-app'] === 'calico-node');
    expect(calico).toHaveLength(2);
    for (const p of calico) {
      expect(p.status.phase).toBe('Running');
      expect(ready(p)).toBe(false);
    }
    const unhealthy = await eventually(() =>
      store.list('events', 'kube-system').find((e) => e.reason === 'Unhealthy'),
    );
    expect(unhealthy.message).toContain('calico/node is not ready: BIRD is not ready');
  });

  it('spreads a bare ReplicaSet created by a user and reports its status', async () => {
    cluster = startTestCluster(testOptions(), (s) => bootstrapCluster(s, testOptions()));
    const { store } = cluster;
    const template = labDeployment().spec.template;
    store.create('apps/replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'lab4-rs', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'lab4-deployment' } }, template },
    });
    const rs = await eventually(() => {
      const r = store.get('apps/replicasets', 'default', 'lab4-rs')!;
      return r.status?.readyReplicas === 2 ? r : undefined;
    });
    expect(rs.status).toMatchObject({ replicas: 2, availableReplicas: 2, observedGeneration: 1 });
    expect(new Set(appPods(store).map((p) => p.spec.nodeName)).size).toBe(2);
  });
});
