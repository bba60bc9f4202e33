import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandFailedError, isTransientStartFailure, ToolMissingError } from '../cluster/errors.ts';
import type { StepAttempt } from '../evidence/schema.ts';
import { parseRetries } from './config.ts';
import { withRetries } from './retry.ts';
import { profileExists } from './steps/provision.ts';

const failed = (exitCode: number | undefined, timedOut = false) =>
  new CommandFailedError({
    argv: ['minikube', 'start'],
    exitCode,
    stdout: '',
    stderr: '',
    timedOut,
    durationMs: 1,
  });

describe('isTransientStartFailure (minikube exit codes, reason/exitcodes.go)', () => {
  it.each([80, 82, 83, 89, 52, 50, 30, 90, 100, 102])('retries exit %i (machine error/timeout)', (code) => {
    expect(isTransientStartFailure(failed(code))).toBe(true);
  });
  it.each([1, 2, 14, 18, 23, 26, 29, 81, 85, 86, 87, 88, 106, 108, 130])('does not retry exit %i', (code) => {
    expect(isTransientStartFailure(failed(code))).toBe(false);
  });
  it('retries a start killed by its timeout, not one killed by a signal', () => {
    expect(isTransientStartFailure(failed(undefined, true))).toBe(true);
    expect(isTransientStartFailure(failed(undefined))).toBe(false);
  });
  it('does not retry a missing binary or a plain error', () => {
    expect(isTransientStartFailure(new ToolMissingError('minikube', '/usr/bin'))).toBe(false);
    expect(isTransientStartFailure(new Error('exit code 80'))).toBe(false);
  });
});

describe('withRetries', () => {
  const clock = () => {
    let t = 0;
    return () => (t += 10);
  };

  it('records each attempt and returns the first success', async () => {
    const attempts: StepAttempt[] = [];
    let calls = 0;
    const before: number[] = [];
    const v = await withRetries(
      async () => {
        if (++calls < 3) throw failed(80);
        return 'up';
      },
      {
        retries: 2,
        retryable: isTransientStartFailure,
        beforeRetry: async (_e, n) => void before.push(n),
        now: clock(),
      },
      attempts,
    );
    expect(v).toBe('up');
    expect(before).toEqual([2, 3]);
    expect(attempts).toHaveLength(3);
    expect(attempts.map((a) => a.error === undefined)).toEqual([false, false, true]);
    expect(attempts[0]?.error).toContain('exit code 80');
    expect(attempts[0]?.durationMs).toBe(10);
  });

  it('stops at the retry budget and throws the last error, attempts kept', async () => {
    const attempts: StepAttempt[] = [];
    await expect(
      withRetries(() => Promise.reject(failed(80)), { retries: 1, retryable: () => true }, attempts),
    ).rejects.toThrow(/exit code 80/);
    expect(attempts).toHaveLength(2);
  });

  it('does not retry a failure that is not retryable, nor with retries 0', async () => {
    const a1: StepAttempt[] = [];
    await expect(
      withRetries(() => Promise.reject(failed(14)), { retries: 3, retryable: isTransientStartFailure }, a1),
    ).rejects.toThrow();
    expect(a1).toHaveLength(1);
    const a2: StepAttempt[] = [];
    await expect(
      withRetries(() => Promise.reject(failed(80)), { retries: 0, retryable: () => true }, a2),
    ).rejects.toThrow();
    expect(a2).toHaveLength(1);
  });
});

describe('parseRetries', () => {
  it('takes 0 to 10', () => {
    expect(parseRetries('0')).toBe(0);
    expect(parseRetries('10')).toBe(10);
  });
  it.each(['-1', '11', '1.5', 'x', ''])('refuses %j', (t) => {
    expect(() => parseRetries(t)).toThrow(RangeError);
  });
});

describe('profileExists (a pre-existing profile is not deleted between attempts)', () => {
  it('looks for profiles/NAME/config.json under MINIKUBE_HOME, its .minikube, or ~/.minikube', async () => {
    const home = await mkdtemp(join(tmpdir(), 'lab-grader-profile-'));
    try {
      expect(profileExists({ MINIKUBE_HOME: home }, 'p')).toBe(false);
      await mkdir(join(home, 'profiles', 'p'), { recursive: true });
      await writeFile(join(home, 'profiles', 'p', 'config.json'), '{}');
      expect(profileExists({ MINIKUBE_HOME: home }, 'p')).toBe(true);
      expect(profileExists({ MINIKUBE_HOME: home }, 'q')).toBe(false);
      await mkdir(join(home, '.minikube', 'profiles', 'q'), { recursive: true });
      await writeFile(join(home, '.minikube', 'profiles', 'q', 'config.json'), '{}');
      expect(profileExists({ MINIKUBE_HOME: home }, 'q')).toBe(true);
      expect(profileExists({ HOME: home }, 'q')).toBe(true);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
