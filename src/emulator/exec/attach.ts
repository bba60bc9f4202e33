/**
 * The kubelet's side of attach: the container's main process, whose output (from its start) and
 * exit code go to the attach once it ends (controllers/processes.ts). A container whose program runs
 * on (the lab app, nginx, a sleeper) has nothing more to say: the attach stays open until the client
 * leaves.
 */
import type { AttachHandler, AttachRequest, ExecResult } from '../api/types.ts';
import type { ContainerProcesses } from '../controllers/processes.ts';
import { apiErrors } from '../store/errors.ts';
import type { ClusterStore } from '../store/types.ts';
import { asTerminal } from './handler.ts';

export function createAttachHandler(deps: {
  store: ClusterStore;
  processes: ContainerProcesses;
}): AttachHandler {
  return (req: AttachRequest): Promise<ExecResult> => {
    const pod = deps.store.get('pods', req.namespace, req.pod);
    if (!pod) return Promise.reject(apiErrors.notFound('', 'pods', req.pod));
    const output = deps.processes.attach(pod.metadata.uid ?? pod.metadata.name, req.container ?? '');
    if (!output) return new Promise<ExecResult>(() => {});
    return output.then((out) => (req.tty ? asTerminal(out) : out));
  };
}
