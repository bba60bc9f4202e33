/** Probes run against a live (or emulated) cluster: HTTP spread, ping, DNS. */
export { type NslookupRun, nslookupFrom } from './dns.ts';
export {
  countByPod,
  type HostSampleOptions,
  type HttpSample,
  type InClusterSampleOptions,
  sampleServiceFromHost,
  sampleServiceInCluster,
} from './http-spread.ts';
export { type PingRun, pingFrom } from './ping.ts';
export type { PodExec, PodRef } from './types.ts';
