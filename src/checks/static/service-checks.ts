import { type LabFacts, type UnreadManifest, unreadManifestsOf, unreadText } from '../../lab/facts.ts';
import {
  type ContainerView,
  portNumber,
  type ServiceView,
  serviceView,
  shownPort,
  workloadView,
} from '../../lab/manifest-views.ts';
import type { ClassifiedObject } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, listWords, notShown, pass, where } from './outcome.ts';
import { at, CONTAINERS_HINT, fixFirstHint, WORKLOAD_KINDS } from './workload-checks.ts';

/** One way the pods are exposed (a Service manifest or a `kubectl expose`), with what is wrong with it. */
interface Exposure {
  name: string;
  ok: boolean;
  problems: string[];
}

/** Why an exposure fails, so that the hint answers the problems found and nothing else. */
type Trouble =
  | 'selector'
  | 'port'
  | 'selector-shape'
  | 'ports-shape'
  | 'containers'
  | 'workload-unread'
  | 'workload-missing'
  | 'expose-name';

/** What the Service must reach: the graded workload's pods. */
interface Pods {
  w: ClassifiedObject | undefined;
  labels: Record<string, string>;
  containers: ContainerView[];
  containersProblem?: string;
  port: number;
  /** When no workload was read: the manifests that may hold it. */
  unreadWorkload: UnreadManifest[];
}

/** Canonical kinds (src/lab/facts.ts `exposedKind`) whose pods a `kubectl expose` can reach. */
const EXPOSED_KINDS = new Set(['deployment', 'replicaset']);

export function serviceSelectsPodsCheck(f: LabFacts): CheckOutcome {
  const w = f.workload;
  const port = f.rubric.expect.appPort;
  const view = w ? workloadView(w) : undefined;
  const pods: Pods = {
    w,
    labels: view?.podLabels ?? {},
    containers: view?.containers ?? [],
    containersProblem: view?.containersProblem,
    port,
    unreadWorkload: w ? [] : unreadManifestsOf(f, WORKLOAD_KINDS),
  };
  const exposes = f.exposes.filter((e) => EXPOSED_KINDS.has(e.kind));
  if (f.services.length === 0 && exposes.length === 0) {
    const unread = unreadManifestsOf(f, ['Service']);
    if (unread.length > 0)
      return fail(`no Service read: ${unread.map(unreadText).join('; ')}`, fixFirstHint(unread, 'Service'), {
        unread,
      });
    return notShown(
      'no Service manifest and no `kubectl expose` command found',
      `Commit a Service whose selector matches the pod labels and whose targetPort is ${port}.`,
    );
  }
  const troubles = new Set<Trouble>();
  const results: Exposure[] = [];
  for (const s of f.services) {
    const problems = serviceProblems(serviceView(s), pods, troubles);
    results.push({
      name: `${where(s.file, s.line)} Service ${s.name ?? ''}`,
      ok: problems.length === 0,
      problems,
    });
  }
  for (const e of exposes) {
    const problems: string[] = [];
    if (w && e.name !== w.name) {
      problems.push(`exposes ${e.kind} ${e.name}, but the Deployment is ${w.name ?? '(unnamed)'}`);
      troubles.add('expose-name');
    }
    const target =
      e.targetPort ?? (e.port !== undefined && Number.isFinite(e.port) ? String(e.port) : undefined);
    if (target === undefined) {
      problems.push('has no --port');
      troubles.add('port');
    } else if (!reachesApp({ port: target, targetPort: target }, pods.containers, port)) {
      problems.push(`targets port ${target}, not ${port}`);
      troubles.add('port');
    }
    results.push({
      name: `report line ${e.line}: kubectl expose ${e.kind} ${e.name}`,
      ok: problems.length === 0,
      problems,
    });
  }
  const good = results.find((r) => r.ok);
  const evidence = {
    services: results,
    podLabels: pods.labels,
    ...(pods.unreadWorkload.length ? { unreadWorkload: pods.unreadWorkload } : {}),
  };
  if (good) return pass(`${good.name} selects the pods and reaches port ${port}`, evidence);
  return fail(
    results.map((r) => `${r.name} ${r.problems.join('; ')}`).join(' | '),
    serviceHint(troubles, pods),
    evidence,
  );
}

function serviceProblems(s: ServiceView, pods: Pods, troubles: Set<Trouble>): string[] {
  const problems = [...s.problems];
  for (const p of s.problems) troubles.add(p.startsWith('spec.ports') ? 'ports-shape' : 'selector-shape');
  const entries = Object.entries(s.selector ?? {});
  if (entries.length === 0) {
    if (!s.problems.some((p) => p.startsWith('spec.selector') || p.startsWith('spec is'))) {
      problems.push('has no selector');
      troubles.add('selector');
    }
  } else if (!pods.w) {
    if (pods.unreadWorkload.length) {
      const files = listWords([...new Set(pods.unreadWorkload.map((m) => m.file))]);
      problems.push(`cannot be matched to the pods: the Deployment in ${files} could not be read`);
      troubles.add('workload-unread');
    } else {
      problems.push('has nothing to select (no Deployment)');
      troubles.add('workload-missing');
    }
  } else {
    const wrong = entries.filter(([k, v]) => pods.labels[k] !== v);
    if (wrong.length) {
      problems.push(
        `selects ${wrong.map(([k, v]) => `${k}: ${v}`).join(', ')} but the pods are labelled ${fmtLabels(pods.labels) || '(no labels)'}`,
      );
      troubles.add('selector');
    }
  }
  if (s.ports.length === 0) {
    if (!s.problems.some((p) => p.startsWith('spec.ports') || p.startsWith('spec is'))) {
      problems.push('has no ports');
      troubles.add('port');
    }
  } else if (!s.ports.some((p) => reachesApp(p, pods.containers, pods.port))) {
    portProblem(s, pods, problems, troubles);
  }
  return problems;
}

/**
 * Why no port reaches the app. A named targetPort cannot be resolved without the pods' containers:
 * then the Deployment is at fault (unread, missing, or without a readable container list), and the
 * student is not told to change a port that may well be right.
 */
function portProblem(s: ServiceView, pods: Pods, problems: string[], troubles: Set<Trouble>): void {
  const named = s.ports.every((p) => isPortName(p.targetPort ?? p.port));
  if (named && pods.containers.length === 0) {
    // without a workload the selector's problem already says so
    if (!pods.w) return;
    const names = listWords(s.ports.map((p) => `\`${shownPort(p.targetPort ?? p.port)}\``));
    const why = pods.containersProblem ? ` (${pods.containersProblem})` : '';
    problems.push(`targetPort ${names} names a container port, but ${at(pods.w)} has no container${why}`);
    troubles.add('containers');
    return;
  }
  const shown = s.ports
    .map(
      (p) =>
        `port ${shownPort(p.port)} → targetPort ${
          p.targetPort === undefined || p.targetPort === null
            ? `${shownPort(p.port)} (default)`
            : shownPort(p.targetPort)
        }`,
    )
    .join(', ');
  problems.push(`${shown} does not reach container port ${pods.port}`);
  troubles.add('port');
}

function serviceHint(troubles: ReadonlySet<Trouble>, pods: Pods): string {
  const hints: string[] = [];
  if (troubles.has('workload-unread')) hints.push(fixFirstHint(pods.unreadWorkload, 'Deployment'));
  if (troubles.has('workload-missing'))
    hints.push('Commit the Deployment whose pod template labels the Service selects.');
  if (troubles.has('containers')) hints.push(CONTAINERS_HINT);
  if (troubles.has('selector-shape'))
    hints.push('Write `spec.selector` as a mapping of labels: `selector:` with `app: web` under it.');
  if (troubles.has('ports-shape'))
    hints.push(
      `Write \`spec.ports\` as a list of mappings: \`- port: 80\` with \`targetPort: ${pods.port}\` under it.`,
    );
  if (troubles.has('selector'))
    hints.push(
      `Make the Service's \`spec.selector\` equal the pod template labels (${fmtLabels(pods.labels) || 'add labels to the pod template'}).`,
    );
  if (troubles.has('port'))
    hints.push(`Set \`targetPort: ${pods.port}\` (or the name of the container port ${pods.port}).`);
  if (troubles.has('expose-name')) hints.push('Expose the Deployment by its own name.');
  return hints.join(' ') || `Make the Service select the pod labels and set \`targetPort: ${pods.port}\`.`;
}

function fmtLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
}

function isPortName(v: unknown): boolean {
  return typeof v === 'string' && portNumber(v) === undefined;
}

/** Whether a Service port reaches the app: its targetPort (default: its port) is the app's port, by number or name. */
function reachesApp(
  p: { port: unknown; targetPort: unknown },
  containers: readonly ContainerView[],
  appPort: number,
): boolean {
  const target = p.targetPort ?? p.port;
  const asNumber = portNumber(target);
  if (asNumber !== undefined) return asNumber === appPort;
  if (typeof target !== 'string') return false;
  // A named targetPort must name a container port that is the app's port.
  return containers.some((c) => c.ports.some((cp) => cp.name === target && cp.containerPort === appPort));
}
