import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_OWNER_PID, SIM_OWNER_TEMP } from '../../minikube/stand-in.ts';
import { writeProfileContext } from './kubeconfig.ts';
import { isAlive, releaseOwnedState, watchOwner } from './owner.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mk-owner-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('watchOwner', () => {
  it('calls back once the owner process has exited, and not before', async () => {
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)']);
    const pid = owner.pid as number;
    expect(isAlive(pid)).toBe(true);
    let calls = 0;
    const gone = new Promise<void>((resolve) => {
      watchOwner(
        { [SIM_OWNER_PID]: String(pid) },
        () => {
          calls++;
          resolve();
        },
        50,
      );
    });
    await new Promise((resolve) => owner.on('exit', resolve));
    await gone;
    expect(isAlive(pid)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toBe(1);
  });

  it('watches nothing without an owner (a cluster started by hand)', () => {
    const w = watchOwner({}, () => {
      throw new Error('no owner to lose');
    });
    expect(w.gone).toBe(false);
    w.stop();
  });
});

describe('releaseOwnedState', () => {
  it("removes the profile's state, its kubeconfig context and the owner's temp sim home", async () => {
    const home = path.join(dir, 'lab-grader-sim-abc');
    const state = path.join(home, 'minikube', 'profiles', 'p1');
    await mkdir(state, { recursive: true });
    const kubeconfig = path.join(home, 'kubeconfig');
    await writeProfileContext(kubeconfig, {
      profile: 'p1',
      server: 'http://x:1',
      minikubeVersion: 'v1',
      setCurrent: true,
    });
    await releaseOwnedState('p1', state, { KUBECONFIG: kubeconfig, [SIM_OWNER_TEMP]: home });
    expect(existsSync(home)).toBe(false);
  });

  it("never removes a directory not named like a grade's temp sim home", async () => {
    const home = path.join(dir, 'my-sim-home');
    const state = path.join(home, 'minikube', 'profiles', 'p2');
    await mkdir(state, { recursive: true });
    await releaseOwnedState('p2', state, {
      KUBECONFIG: path.join(home, 'kubeconfig'),
      [SIM_OWNER_TEMP]: home,
    });
    expect(existsSync(state)).toBe(false);
    expect(existsSync(home)).toBe(true);
  });
});
