/**
 * The emulated minikube + Calico cluster: its only face. Nothing outside src/emulator/ imports any
 * other file of it (a lint rule, biome.json's `noRestrictedImports` overrides, and src/testing/seal.test.ts
 * keep it so), and the emulator imports nothing of the grader: only the neutral src/calico/, src/k8s/
 * and src/minikube/. See docs/architecture.md.
 *
 * Two ways in:
 * - out of process, as a real minikube: `simEnv()` (src/minikube/stand-in.ts, shared, so that the
 *   grader loads none of the emulator) puts the stand-in `bin/minikube` first on PATH; its
 *   `minikube start` runs a profile's daemon (src/emulator/daemon.ts, bundled as its own entry, as is
 *   the stand-in's src/emulator/minikube/main.ts). This is what a live grade on `--cluster sim` does.
 * - in process, for tests and benchmarks: this module, e.g. `startSimCluster(defaultSimOptions({...}))`
 *   serves one cluster's API on 127.0.0.1 until `stop()`.
 *
 * daemon.ts is deliberately not re-exported: it runs itself when it is the main module, which holds
 * only while no other entry imports it (bin/lib/compiled.mjs).
 */

export { type ApiBenchResult, benchApi, type LatencyStats } from './api/bench.ts';
export { frontendBuild } from './app/frontend-build.ts';
export { calicoManifestYaml } from './calico/manifest-objects.ts';
export {
  type CalicoManifestEntry,
  calicoManifest,
  manifestEntries,
} from './calico/manifests.ts';
export {
  ServiceNotFoundError,
  type SimCluster,
  type StartSimClusterOptions,
  startSimCluster,
} from './cluster.ts';
export {
  defaultSimOptions,
  formatFaults,
  NO_FAULTS,
  parseFaults,
  type SimFaults,
  type SimOptions,
} from './config.ts';
