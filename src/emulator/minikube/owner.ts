/**
 * A profile's daemon tied to the process that owns the cluster (a grade). `lab-grader grade` puts
 * its pid in LAB_SIM_OWNER_PID for its `minikube` calls; `minikube start` hands its environment to
 * the daemon, which then polls the owner and, once it is gone — even killed by SIGKILL, which leaves
 * no chance to clean up — deletes the profile as `minikube delete` would and exits. LAB_SIM_OWNER_TEMP
 * names the owner's temp sim home, removed too. Without LAB_SIM_OWNER_PID (minikube by hand) the
 * cluster lives until deleted, as a real one does.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { SIM_OWNER_PID, SIM_OWNER_TEMP, SIM_OWNER_TEMP_PREFIX } from '../../minikube/stand-in.ts';
import { deleteProfileContext } from './kubeconfig.ts';
import { kubeconfigPath } from './paths.ts';

/** Alive, and not a zombie waiting for its parent to reap it. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/PID/stat: "pid (comm) S …" — the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: kill(pid, 0) is all there is
  }
}

export interface OwnerWatch {
  /** Whether the owner was found gone. */
  readonly gone: boolean;
  stop(): void;
}

/** Polls the owner named in `env` every `intervalMs`; calls onGone once. No owner: never. */
export function watchOwner(env: NodeJS.ProcessEnv, onGone: () => void, intervalMs = 500): OwnerWatch {
  const pid = Number(env[SIM_OWNER_PID]);
  let gone = false;
  const timer =
    Number.isInteger(pid) && pid > 0
      ? setInterval(() => {
          if (gone || isAlive(pid)) return;
          gone = true;
          clearInterval(timer);
          onGone();
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    get gone() {
      return gone;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * What `minikube delete -p PROFILE` leaves behind, for a daemon whose owner died: the profile's
 * state dir and kubeconfig entries, and the owner's temp sim home.
 */
export async function releaseOwnedState(
  profile: string,
  stateDir: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  await rm(stateDir, { recursive: true, force: true });
  await deleteProfileContext(kubeconfigPath(env), profile).catch(() => undefined);
  const temp = env[SIM_OWNER_TEMP];
  if (temp && path.isAbsolute(temp) && path.basename(temp).startsWith(SIM_OWNER_TEMP_PREFIX))
    await rm(temp, { recursive: true, force: true });
}
