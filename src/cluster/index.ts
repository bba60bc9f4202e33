/** The live-cluster driver: minikube through execa, everything else through client-node. */
export { type SignalTrap, type SignalTrapOptions, trapSignals } from './cleanup.ts';
export {
  ClusterError,
  type ClusterErrorKind,
  CommandFailedError,
  ExecError,
  formatDuration,
  isClusterError,
  KubeApiError,
  type KubeVerb,
  ToolMissingError,
  WaitTimeoutError,
} from './errors.ts';
export {
  type ApplyResult,
  type CustomObject,
  type ExecOptions,
  type ExecResult,
  Kube,
  type KubeConnectOptions,
  loadClientNode,
  type ObjectRef,
} from './kube.ts';
export {
  type CommandResult,
  Minikube,
  type MinikubeLocateOptions,
  type MinikubeNodeStatus,
  type MinikubeProfile,
  type MinikubeStartOptions,
  type SshResult,
} from './minikube.ts';
export type { ServiceUrls } from './minikube-service.ts';
export { type TranscriptEntry, type TranscriptLog, transcriptLine } from './transcript.ts';
export {
  type ListItem,
  type WaitForListOptions,
  type WaitProgress,
  type WaitSource,
  waitForList,
} from './wait.ts';
export {
  describePod,
  isPodReady,
  isRolledOut,
  waitDeploymentRolledOut,
  waitNodesReady,
  waitPodRunning,
  waitPodsReady,
} from './waits.ts';
export { which } from './which.ts';
