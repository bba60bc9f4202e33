/**
 * `lab-grader grade --retries N` on image pulls: the emulator's `image-pull-timeout=1` fault makes the
 * first pod pulling the app image on each node time out on every pull, with containerd's registry
 * timeout (`rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "…": … dial tcp
 * IP:443: i/o timeout`, the kubelet event quoted in github.com/myifeng/mirror-porter/issues/92). One
 * retry deletes the stuck pods and the grade passes; none leaves the grade ungraded (exit 3, step
 * `rollout`): a pull the registry broke says nothing about the submission. A pull that fails because
 * of the image itself (`image-pull-error`) is never retried and is graded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeReferenceCli } from './live-helpers.ts';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-pull-retries-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.concurrent('lab-grader grade --retries on image pulls', () => {
  it('image-pull-timeout=1, --retries 1: the stuck pods are deleted, the grade passes, 2 rollout attempts', async () => {
    const { r, result, step } = await gradeReferenceCli(tmp, 'timeout-retry-1', 'image-pull-timeout=1', '1');
    const rollout = step('rollout');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(result.status).toBe('graded');
    expect(r.stderr).toMatch(
      /image pull failed outside the submission's control \(Failed to pull image .*i\/o timeout\); attempt 2 of 2, after deleting lab4-deployment-/,
    );
    expect(rollout?.status).toBe('ok');
    expect(rollout?.attempts).toHaveLength(2);
    expect(rollout?.attempts?.[0]?.error).toMatch(
      /^image pull failed outside the submission's control: lab4-deployment-\S+: Failed to pull image "ifilyaninitmo\/itdt-contained-frontend:master": rpc error: code = DeadlineExceeded .*i\/o timeout/,
    );
    expect(rollout?.attempts?.[1]?.error).toBeUndefined();
  }, 120_000);

  it('image-pull-timeout=1, --retries 0: ungraded (exit 3) at step rollout, saying the pull timed out', async () => {
    const { r, result, step } = await gradeReferenceCli(tmp, 'timeout-retry-0', 'image-pull-timeout=1', '0');
    const rollout = step('rollout');
    expect(r.exitCode, r.stderr).toBe(3);
    expect(result.status).toBe('ungraded');
    if (result.status !== 'ungraded') return;
    expect(result.error.step).toBe('rollout');
    expect(result.error.message).toMatch(
      /^image pull failed outside the submission's control: .*i\/o timeout/,
    );
    expect(result.error.message).toMatch(/timed out after \S+ waiting for deployment/);
    expect(rollout?.status).toBe('failed');
    expect(rollout?.attempts).toBeUndefined();
  }, 120_000);

  it("image-pull-error (the image's own failure), --retries 3: nothing retried, graded short of full marks", async () => {
    const { r, result, step } = await gradeReferenceCli(tmp, 'pull-error-retry-3', 'image-pull-error', '3');
    const rollout = step('rollout');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(/image pull failed outside/);
    expect(result.status).toBe('graded');
    expect(rollout?.status).toBe('failed');
    expect(rollout?.attempts).toBeUndefined();
    if (result.status === 'graded')
      expect(result.checks.find((c) => c.id === 'deployment.rolled-out')?.status).toBe('fail');
  }, 120_000);
});
