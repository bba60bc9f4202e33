/**
 * The `image-pull-timeout=N` fault: the first N pods to pull an image on each node time out on every
 * pull (ErrImagePull, then ImagePullBackOff, the kubelet's back-off re-pulls too); later pods pull it.
 * The message is containerd's registry timeout as kubelet records it: `Failed to pull image "…": rpc
 * error: code = DeadlineExceeded desc = failed to pull and unpack image "…": failed to resolve
 * reference "…": failed to do request: Head "https://…/manifests/…": dial tcp IP:443: i/o timeout`
 * (kubelet event quoted in github.com/myifeng/mirror-porter/issues/92).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../bootstrap.ts';
import { formatFaults, parseFaults } from '../config.ts';
import type { KubeObject } from '../store/types.ts';
import { eventually, startTestCluster, type TestCluster, testOptions } from '../test-support/controllers.ts';
import { parseImage, pullTimeoutMessage } from './images.ts';

const IMAGE = 'ifilyaninitmo/itdt-contained-frontend:master';

function deployment(replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'frontend', image: IMAGE, ports: [{ containerPort: 3000 }] }] },
      },
    },
  } as KubeObject;
}

const waitingReason = (p: KubeObject) => p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const isReady = (p: KubeObject) =>
  p.status?.conditions?.some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );

let cluster: TestCluster | undefined;
afterEach(() => {
  cluster?.stop();
  cluster = undefined;
});

describe('image-pull-timeout fault', () => {
  it('parses a count (default 1) and formats back', () => {
    expect(parseFaults('image-pull-timeout=2').imagePullTimeout).toBe(2);
    expect(parseFaults('image-pull-timeout').imagePullTimeout).toBe(1);
    expect(formatFaults(parseFaults('image-pull-timeout=3,dns-broken'))).toBe(
      'dns-broken,image-pull-timeout=3',
    );
    expect(() => parseFaults('image-pull-timeout=x')).toThrow(/image-pull-timeout needs a count/);
  });

  it('words the timeout as containerd and docker do', () => {
    const ref = parseImage(IMAGE);
    const containerd = pullTimeoutMessage(ref, 'containerd');
    expect(containerd).toBe(
      'rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "docker.io/ifilyaninitmo/itdt-contained-frontend:master": failed to resolve reference "docker.io/ifilyaninitmo/itdt-contained-frontend:master": failed to do request: Head "https://registry-1.docker.io/v2/ifilyaninitmo/itdt-contained-frontend/manifests/master": dial tcp 54.236.113.205:443: i/o timeout',
    );
    expect(pullTimeoutMessage(ref, 'docker')).toBe(
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    );
  });

  it('the first pod on each node stays in ErrImagePull/ImagePullBackOff; a new pod pulls the image', async () => {
    const opts = testOptions({}, { imagePullTimeout: 1 });
    cluster = startTestCluster(opts, (s) => bootstrapCluster(s, opts));
    const { store } = cluster;
    store.create('apps/deployments', deployment(1));
    const pods = () => store.list('pods', 'default').filter((p) => p.metadata.labels?.app === 'web');
    const stuck = await eventually(() => pods().find((p) => waitingReason(p) === 'ImagePullBackOff'));
    const failed = await eventually(() =>
      store
        .list('events', 'default')
        .find(
          (e) => e.involvedObject.name === stuck.metadata.name && /^Failed to pull image/.test(e.message),
        ),
    );
    expect(failed.message).toMatch(
      /^Failed to pull image "ifilyaninitmo\/itdt-contained-frontend:master": rpc error: code = DeadlineExceeded desc = failed to pull and unpack image .*: dial tcp [\d.]+:443: i\/o timeout$/,
    );
    // The kubelet's own back-off re-pulls keep timing out for this pod.
    await eventually(() => {
      const pulls = store
        .list('events', 'default')
        .filter((e) => e.involvedObject.name === stuck.metadata.name && e.reason === 'Pulling');
      return pulls.reduce((n, e) => n + (e.count ?? 1), 0) >= 2;
    });
    expect(isReady(pods().find((p) => p.metadata.name === stuck.metadata.name) as KubeObject)).toBeFalsy();
    // Deleting it: the ReplicaSet's new pod pulls the image (on either node: each had its one timeout
    // or gets it now, so allow for a second replacement).
    store.delete('pods', 'default', stuck.metadata.name);
    const next = await eventually(() => {
      const live = pods().filter((p) => !p.metadata.deletionTimestamp);
      const bad = live.find(
        (p) => p.metadata.name !== stuck.metadata.name && waitingReason(p) === 'ImagePullBackOff',
      );
      if (bad) store.delete('pods', 'default', bad.metadata.name);
      return live.find(isReady);
    });
    expect(next.metadata.name).not.toBe(stuck.metadata.name);
  });
});
