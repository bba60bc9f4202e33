/**
 * `kubectl logs` for app pods (docs/reference-facts.md, container-tools-output §6, node.js of the image): `Builing frontend`
 * (sic) at start, `build finished` and `Server started on port 3000` once the build is done. The
 * build's own output is captured by execSync and never reaches the log.
 */
import type { SimOptions } from '../config.ts';
import type { ClusterNetwork } from '../network/types.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { findContainer } from './env.ts';
import { imageKind } from './image.ts';
import { type FrontendTiming, frontendBuildMs, frontendTiming, statusStartedAt } from './timing.ts';

export interface AppLogOptions {
  /** Build duration in ms (default: 60 s, no time scaling). */
  buildMs?: number;
  /** Container start in ms (default: status startedAt). */
  startedAtMs?: number;
}

/** Log text of the lab app in `pod` at time `now` (ms); undefined when the container is not running. */
export function appLogs(pod: KubeObject, now: number, opts: AppLogOptions = {}): string | undefined {
  const timing: FrontendTiming = frontendTiming(
    opts.startedAtMs ?? statusStartedAt(pod),
    opts.buildMs ?? 60_000,
    now,
  );
  if (timing.phase === 'not-started') return undefined;
  if (timing.phase === 'building') return 'Builing frontend\n';
  return 'Builing frontend\nbuild finished\nServer started on port 3000\n';
}

export interface LogHandlerDeps {
  store: ClusterStore;
  network?: ClusterNetwork;
  options: SimOptions;
  clock?: { now(): Date | number };
}

export type LogRequest = { namespace: string; pod: string; container?: string; tailLines?: number };

/** Other images: nginx prints its entrypoint banner; busybox-style sleepers print nothing. */
function genericLogs(image: string): string {
  if (imageKind(image) === 'nginx') {
    return [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '',
    ].join('\n');
  }
  return '';
}

/** The apiserver's LogHandler: full log text (the server applies tailLines). */
export function createLogHandler(deps: LogHandlerDeps): (req: LogRequest) => string | undefined {
  const now = (): number => {
    if (deps.network) return deps.network.now();
    const t = deps.clock?.now() ?? Date.now();
    return typeof t === 'number' ? t : t.getTime();
  };
  return (req) => {
    const pod = deps.store.get('pods', req.namespace, req.pod);
    if (!pod) return undefined;
    const container = findContainer(pod, req.container);
    if (!container) return undefined;
    const startedAtMs = deps.network
      ? deps.network.apps.startedAt(pod, container.name)
      : statusStartedAt(pod, container.name);
    if (startedAtMs === undefined) return undefined;
    if (imageKind(container.image ?? '') !== 'frontend') return genericLogs(container.image ?? '');
    return appLogs(pod, now(), { startedAtMs, buildMs: frontendBuildMs(deps.options, pod) });
  };
}
