/**
 * `lab-grader grade --retries N` on the emulated cluster: the stand-in's `start-fails=1` fault makes
 * the first `minikube start` of the profile exit 80 (GUEST_START, a failure of the machine, not of the
 * submission). One retry grades; none leaves the grade ungraded (exit 3). Every attempt is in the
 * evidence.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, gradeReferenceCli } from './live-helpers.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
const reference = join(FIXTURES, 'reference');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-retries-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.concurrent('lab-grader grade --retries on a failing minikube start', () => {
  it('--retries 1: the second start succeeds, the grade passes, both attempts are recorded', async () => {
    const { r, evidence, step } = await gradeReferenceCli(tmp, 'retry-1', 'start-fails=1', '1');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /minikube start failed \(.*exit code 80.*\); attempt 2 of 2, after deleting the half-made profile/,
    );
    const cluster = step('cluster');
    expect(cluster?.status).toBe('ok');
    expect(cluster?.attempts).toHaveLength(2);
    expect(cluster?.attempts?.[0]?.error).toMatch(/exit code 80.*GUEST_START/s);
    expect(cluster?.attempts?.[1]?.error).toBeUndefined();
    // Steps that ran once carry no attempts.
    expect(evidence.steps.filter((s) => s.attempts)).toHaveLength(1);
  }, 120_000);

  it('--retries 0: the failed start is final, the grade is ungraded (exit 3)', async () => {
    const { r, result, step } = await gradeReferenceCli(tmp, 'retry-0', 'start-fails=1', '0');
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/could not be provisioned: .*exit code 80/);
    expect(result.status).toBe('ungraded');
    const cluster = step('cluster');
    expect(cluster?.status).toBe('failed');
    expect(cluster?.attempts).toBeUndefined();
  }, 120_000);

  it('--retries 5 with two failing starts: three attempts, the last one succeeds', async () => {
    const { r, step } = await gradeReferenceCli(tmp, 'retry-5', 'start-fails=2', '5');
    expect(r.exitCode, r.stderr).toBe(0);
    const attempts = step('cluster')?.attempts ?? [];
    expect(attempts.map((a) => a.error === undefined)).toEqual([false, false, true]);
  }, 120_000);

  it('--retries that is not a count is bad usage (exit 2)', async () => {
    const r = await execa('node', [BIN, 'grade', reference, '--cluster', 'sim', '--retries', 'x'], {
      reject: false,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--retries must be an integer from 0 to 10');
  });
});
