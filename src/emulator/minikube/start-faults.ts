/**
 * The `start-fails=N` fault (LAB_SIM_FAULTS): the first N `minikube start`s of a profile fail. The
 * stand-in is a new process per command, so the count is kept in a file under MINIKUBE_HOME, outside
 * the profile's folder (a retry deletes the half-made profile first, and the count must survive it).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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
