/**
 * Faults of `minikube start` (LAB_SIM_FAULTS):
 * - `start-fails=N`: the first N `minikube start`s of a profile fail. The stand-in is a new process
 *   per command, so the count is kept in a file under MINIKUBE_HOME, outside the profile's folder (a
 *   retry deletes the half-made profile first, and the count must survive it).
 * - `start-exit=CODE`: every start of a new profile fails with minikube's own reason, message,
 *   advice and exit code for CODE (START_EXIT_FAULTS).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reason } from './output.ts';
import { minikubeHome } from './paths.ts';

function counterFile(env: NodeJS.ProcessEnv, profile: string): string {
  return path.join(minikubeHome(env), 'sim-start-attempts', profile);
}

/** Counts this start; true when it is one of the first `fails` of the profile (so it must fail). */
export async function startMustFail(
  env: NodeJS.ProcessEnv,
  profile: string,
  fails: number | undefined,
): Promise<boolean> {
  if (!fails) return false;
  const file = counterFile(env, profile);
  const before = Number(await readFile(file, 'utf8').catch(() => '0')) || 0;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, String(before + 1));
  return before < fails;
}

export interface StartExitFault {
  reason: Reason;
  message: string;
  /** Whether minikube has created the profile by then (GUEST_START) or refuses before (resources, driver). */
  afterCreate: boolean;
}

/**
 * What minikube prints for each code the `start-exit` fault plays (kubernetes/minikube v1.38.1:
 * pkg/minikube/reason/reason.go for the reasons and their advice, cmd/minikube/cmd/start.go
 * validateRequestedMemorySize, validateCPUCount and selectDriver for the messages,
 * pkg/minikube/exit/exit.go Error for GUEST_START's issue box; docs/reference-facts.md, minikube §8).
 */
export const START_EXIT_FAULTS: Readonly<Record<number, StartExitFault>> = {
  23: {
    reason: {
      id: 'RSRC_DOCKER_MEMORY',
      code: 23,
      style: 'unmetRequirement',
      advice: [
        '1. Click on "Docker for Desktop" menu icon',
        '2. Click "Preferences"',
        '3. Click "Resources"',
        '4. Increase "Memory" slider bar to 2.25 GB or higher',
        '5. Click "Apply & Restart"',
      ].join('\n'),
      url: 'https://docs.docker.com/docker-for-mac/#resources',
    },
    message: 'Docker Desktop only has 1700MiB available, less than the required 1800MiB for Kubernetes',
    afterCreate: false,
  },
  29: {
    reason: { id: 'RSRC_INSUFFICIENT_CORES', code: 29, style: 'unmetRequirement' },
    message: 'Docker has less than 2 CPUs available, but Kubernetes requires at least 2 to be available',
    afterCreate: false,
  },
  55: {
    reason: { id: 'DRV_DOCKER_NOT_RUNNING', code: 55 },
    message: "Found docker, but the docker service isn't running. Try restarting the docker service.",
    afterCreate: false,
  },
  80: {
    reason: { id: 'GUEST_START', code: 80, newIssueLink: true },
    message:
      'failed to start node: creating host: create host timed out in 360.000000 seconds (LAB_SIM_FAULTS start-exit=80)',
    afterCreate: true,
  },
};
