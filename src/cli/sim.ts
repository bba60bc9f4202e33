import { formatSimEnv, type SimEnvShell, simEnv } from '../minikube/stand-in.ts';
import { ExitCode } from '../report/model.ts';

/** `lab-grader sim env`: the exports that put the minikube stand-in first on PATH (like `minikube docker-env`). */
export function simEnvCommand(opts: { home?: string; shell: SimEnvShell }): number {
  process.stdout.write(formatSimEnv(simEnv({ home: opts.home }), opts.shell));
  return ExitCode.ok;
}
