import path from 'node:path';

/**
 * For tests that run the stand-in `minikube` as a process: an environment of its own under `dir`
 * (HOME, MINIKUBE_HOME, KUBECONFIG), no emulated delays or faults, and plain output.
 */
export function standInTestEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dir,
    MINIKUBE_HOME: path.join(dir, 'minikube-home'),
    KUBECONFIG: path.join(dir, 'kubeconfig'),
    LAB_SIM_TIME_FACTOR: '0',
    LAB_SIM_FAULTS: '',
    MINIKUBE_IN_STYLE: '',
    TERM: 'dumb',
  };
}
