/**
 * The pull-error classifier on real kubelet/containerd/docker messages (`Failed to pull image "…":
 * <runtime error>`, as kubelet's `Failed` event and ErrImagePull's message carry them). Sources per
 * case; the shapes are also summarised in pull-failure.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyPullError,
  isTransientPullError,
  isTransientPullStepError,
  TRANSIENT_PULL_PREFIX,
} from './pull-failure.ts';

describe('classifyPullError: infrastructure, retried', () => {
  it.each([
    [
      'containerd dial i/o timeout (github.com/myifeng/mirror-porter/issues/92)',
      'Failed to pull image "k8s.gcr.io/conformance:v1.28.5": rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "k8s.gcr.io/conformance:v1.28.5": failed to resolve reference "k8s.gcr.io/conformance:v1.28.5": failed to do request: Head "https://k8s.gcr.io/v2/conformance/manifests/v1.28.5": dial tcp 64.233.189.82:443: i/o timeout',
    ],
    [
      'context deadline exceeded (kubernetes/minikube#15626)',
      'Failed to pull image "noyandocker/authservice": rpc error: code = Unknown desc = context deadline exceeded',
    ],
    [
      'connect: connection timed out (apecloud/kubeblocks#9169)',
      'Failed to pull image "msoap/shell2http:1.16.0": failed to pull and unpack image "docker.io/msoap/shell2http:1.16.0": failed to resolve reference "docker.io/msoap/shell2http:1.16.0": failed to do request: Head "https://registry-1.docker.io/v2/msoap/shell2http/manifests/1.16.0": dial tcp 199.96.61.1:443: connect: connection timed out',
    ],
    [
      'Docker Hub rate limit (kata-containers/kata-containers#10109)',
      'Failed to pull image "busybox": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/busybox:latest": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/busybox/manifests/sha256:50aa4698fa6262977cff89181b2664b99d8a56dbca847bf62f2ef04854597cf8: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    ],
    [
      'TLS handshake timeout fetching a blob',
      'Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://production.cloudflare.docker.com/registry-v2/docker/registry/v2/blobs/sha256/aa/aa/data": net/http: TLS handshake timeout',
    ],
    [
      'connection reset by peer',
      'Failed to pull image "nginx": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:latest": failed to copy: read tcp 192.168.49.2:50522->104.16.99.215:443: read: connection reset by peer',
    ],
    [
      'docker runtime: request canceled while waiting for connection',
      'Failed to pull image "nginx": rpc error: code = Unknown desc = Error response from daemon: Get "https://registry-1.docker.io/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    ],
    [
      'registry 503',
      'Failed to pull image "quay.io/calico/node:v3.28.1": rpc error: code = Unknown desc = failed to pull and unpack image "quay.io/calico/node:v3.28.1": failed to resolve reference "quay.io/calico/node:v3.28.1": unexpected status from HEAD request to https://quay.io/v2/calico/node/manifests/v3.28.1: 503 Service Unavailable',
    ],
  ])('%s', (_what, message) => {
    expect(classifyPullError(message)).toBe('transient');
    expect(isTransientPullError(message)).toBe(true);
  });
});

describe("classifyPullError: the submission's error, never retried", () => {
  it.each([
    [
      'a tag that does not exist (containerd NotFound)',
      'Failed to pull image "ifilyaninitmo/itdt-contained-frontend": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/ifilyaninitmo/itdt-contained-frontend:latest": failed to resolve reference "docker.io/ifilyaninitmo/itdt-contained-frontend:latest": docker.io/ifilyaninitmo/itdt-contained-frontend:latest: not found',
    ],
    [
      'no such repository, or a private one (containerd)',
      'Failed to pull image "ifilyanin/frontend:master": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/ifilyanin/frontend:master": failed to resolve reference "docker.io/ifilyanin/frontend:master": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    ],
    [
      'docker: manifest unknown',
      'Failed to pull image "nginx:1.999": rpc error: code = Unknown desc = Error response from daemon: manifest for nginx:1.999 not found: manifest unknown: manifest unknown',
    ],
    [
      "docker: pull access denied … repository does not exist or may require 'docker login'",
      'Failed to pull image "ifilyanin/frontend:master": rpc error: code = Unknown desc = Error response from daemon: pull access denied for ifilyanin/frontend, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied',
    ],
    [
      'a private registry without credentials',
      'Failed to pull image "ghcr.io/student/app:1": rpc error: code = Unknown desc = failed to pull and unpack image "ghcr.io/student/app:1": failed to resolve reference "ghcr.io/student/app:1": failed to authorize: failed to fetch anonymous token: unexpected status from GET request to https://ghcr.io/token?scope=repository%3Astudent%2Fapp%3Apull&service=ghcr.io: 401 Unauthorized',
    ],
    [
      'invalid reference format',
      'Failed to pull image "Frontend:master": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/Frontend:master": invalid reference format: repository name must be lowercase',
    ],
  ])('%s', (_what, message) => {
    expect(classifyPullError(message)).toBe('submission');
    expect(isTransientPullError(message)).toBe(false);
  });

  it("a submission's error wins over a timeout in the same message", () => {
    expect(classifyPullError('manifest unknown; later: i/o timeout')).toBe('submission');
  });

  it('a DNS failure or an unknown message is not retried', () => {
    expect(
      classifyPullError(
        'Failed to pull image "nginx": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:latest": failed to resolve reference "docker.io/library/nginx:latest": failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/latest": dial tcp: lookup registry-1.docker.io on 192.168.49.1:53: server misbehaving',
      ),
    ).toBe('unknown');
    expect(classifyPullError('something else')).toBe('unknown');
  });
});

describe('isTransientPullStepError', () => {
  it("tells the rollout step's transient-pull error by its prefix", () => {
    expect(isTransientPullStepError(`${TRANSIENT_PULL_PREFIX}'s control: web-1: …`)).toBe(true);
    expect(isTransientPullStepError('timed out after 8s waiting for deployment')).toBe(false);
    expect(isTransientPullStepError(undefined)).toBe(false);
  });
});
