/** Starts every controller of the emulated cluster on one store. */
import type { SimClock } from '../clock.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterStore } from '../store/types.ts';
import { startCalicoNodeController } from './calico-node.ts';
import { type Controller, createContext } from './context.ts';
import { startDaemonSetController } from './daemonset.ts';
import { startDeploymentController } from './deployment.ts';
import { startEndpointsController } from './endpoints.ts';
import { startKubelet } from './kubelet.ts';
import { startNamespaceController } from './namespaces.ts';
import type { ContainerProcesses } from './processes.ts';
import { startReplicaSetController } from './replicaset.ts';
import { startScheduler } from './scheduler.ts';
import { startServiceController } from './services.ts';

const CONTROLLERS: readonly Controller[] = [
  startNamespaceController,
  startServiceController,
  startCalicoNodeController,
  startDeploymentController,
  startReplicaSetController,
  startDaemonSetController,
  startScheduler,
  startKubelet,
  startEndpointsController,
];

export function startControllers(
  store: ClusterStore,
  opts: SimOptions,
  clock: SimClock,
  processes?: ContainerProcesses,
): { stop(): void } {
  const ctx = createContext(store, opts, clock, processes);
  const stops = CONTROLLERS.map((start) => start(store, ctx));
  return {
    stop(): void {
      for (const stop of stops.reverse()) stop();
    },
  };
}
