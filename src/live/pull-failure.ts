/**
 * Why an image pull failed: the registry or the network (a timeout, a reset, a rate limit — worth
 * another pull) or the submission (a wrong name or tag, a private image — never retried).
 *
 * The message is what kubelet records, `Failed to pull image "IMAGE": <runtime error>`, or the
 * runtime error alone (a container's `state.waiting.message` in ErrImagePull). Shapes from real
 * kubelet/containerd output quoted in public issues:
 * - timeout: `rpc error: code = DeadlineExceeded desc = failed to pull and unpack image
 *   "k8s.gcr.io/conformance:v1.28.5": failed to resolve reference …: failed to do request: Head
 *   "https://k8s.gcr.io/v2/conformance/manifests/v1.28.5": dial tcp 64.233.189.82:443: i/o timeout`
 *   (github.com/myifeng/mirror-porter/issues/92); `rpc error: code = Unknown desc = context deadline
 *   exceeded` (kubernetes/minikube#15626); `dial tcp …:443: connect: connection timed out`
 *   (apecloud/kubeblocks#9169);
 * - rate limit: `… failed to copy: httpReadSeeker: failed open: unexpected status code
 *   https://registry-1.docker.io/v2/library/busybox/manifests/sha256:…: 429 Too Many Requests - Server
 *   message: toomanyrequests: You have reached your pull rate limit. …` (kata-containers#10109);
 * - the submission: `rpc error: code = NotFound desc = failed to pull and unpack image "…": failed to
 *   resolve reference "…": …: not found` (a tag that does not exist), `pull access denied, repository
 *   does not exist or may require authorization: server message: insufficient_scope: authorization
 *   failed` (no such repository, or a private one), docker's `manifest unknown`, `401 Unauthorized`,
 *   `invalid reference format` (the emulator's `pullErrorMessage` in src/emulator/controllers/images.ts
 *   prints these).
 *
 * A DNS failure (`lookup registry-1.docker.io …: server misbehaving`, `no such host`) is neither: a
 * broken resolver does not heal within a rollout, and `no such host` is also what a misspelt
 * registry host gives. Unknown messages are not retried.
 */

export type PullFailureKind = 'transient' | 'submission' | 'unknown';

/** The submission's own error: the image as written cannot be pulled, however often it is tried. */
const SUBMISSION: readonly RegExp[] = [
  /\bnot found\b/i,
  /manifest unknown/i,
  /pull access denied/i,
  /repository does not exist/i,
  /invalid reference format/i,
  /\bunauthorized\b/i,
  /insufficient_scope/i,
  /requested access to the resource is denied/i,
];

/** The registry or the network, not the image: another pull may well succeed. */
const TRANSIENT: readonly RegExp[] = [
  /i\/o timeout/i,
  /context deadline exceeded/i,
  /code = DeadlineExceeded/,
  /TLS handshake timeout/i,
  /connection reset by peer/i,
  /connect: connection timed out/i,
  /net\/http: request canceled/i,
  /toomanyrequests/i,
  /429 Too Many Requests/i,
  /503 Service Unavailable/i,
];

/**
 * Classifies a pull error. The submission's error wins over a transient one in the same message
 * (never retry what a student got wrong).
 */
export function classifyPullError(message: string): PullFailureKind {
  if (SUBMISSION.some((r) => r.test(message))) return 'submission';
  if (TRANSIENT.some((r) => r.test(message))) return 'transient';
  return 'unknown';
}

export function isTransientPullError(message: string): boolean {
  return classifyPullError(message) === 'transient';
}

/**
 * How the rollout step's error starts when it failed only because image pulls failed for a
 * transient reason: the grade of such a run is `ungraded` (toGradeResult), never a score.
 */
export const TRANSIENT_PULL_PREFIX = 'image pull failed outside the submission';

export function isTransientPullStepError(error: string | undefined): boolean {
  return !!error?.startsWith(TRANSIENT_PULL_PREFIX);
}
