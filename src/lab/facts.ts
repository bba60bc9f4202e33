import { hasExplicitNodeSelector, type IPPool, normalizeIPPool } from '../calico/ippool.ts';
import { type ParsedSelector, parseSelector } from '../calico/selector.ts';
import { nodeLabels, nodeNames, nodeNumber } from '../minikube/nodes.ts';
import type { ScreenshotRead } from '../ocr/types.ts';
import type { Rubric } from '../rubric/rubric.ts';
import { readScreens, type ScreenCommand, type ScreenEvidence } from '../screens/index.ts';
import { classifyObject } from '../submission/classify.ts';
import { describeValue, getPath, scalarText } from '../submission/shape.ts';
import type {
  ClassifiedObject,
  LabelCommand,
  MinikubeStartCommand,
  ReportCommand,
  Submission,
} from '../submission/types.ts';
import { loadYamlText } from '../submission/yaml.ts';
import { type ContainerView, workloadView } from './manifest-views.ts';

/**
 * The lab model: what a submission means for the lab, derived once per grade (`deriveFacts`) from the
 * submission and the rubric — normalised pools with parsed selectors, the workload and services, the
 * documented commands and the node labels they produce. The static checks are pure functions of these
 * facts; a live grade derives them once (LiveSession.open) and hands the same facts to its steps, the
 * apply policy (src/live/policy.ts), the live checks and the static checks it keeps.
 */
export interface PoolFact {
  object: ClassifiedObject;
  pool: IPPool;
  /** Shape problems found while normalising (missing cidr, wrong types). */
  problems: string[];
  explicitSelector: boolean;
  selector: ParsedSelector;
}

export interface NodeFact {
  /** The cluster's node name (`minikube`, `minikube-m02`, or the profile's). */
  name: string;
  /** Names the report used for this node in `kubectl label` (mapped by order). */
  reportNames: string[];
  /** Labels the node carries after the report's label commands (built-ins included). */
  labels: Record<string, string>;
  /** Labels the report set (only those). */
  appliedLabels: Record<string, string>;
}

export interface LabelProblem {
  node: string;
  key: string;
  message: string;
}

export interface LabFacts {
  submission: Submission;
  rubric: Rubric;
  pools: PoolFact[];
  /** Pools that are meant to hold pods: all but the default pool and disabled ones. */
  rackPools: PoolFact[];
  /** Deployments first, then ReplicaSets (accepted in place of a Deployment). */
  workloads: ClassifiedObject[];
  workload?: ClassifiedObject;
  services: ClassifiedObject[];
  configMaps: ClassifiedObject[];
  secrets: ClassifiedObject[];
  commands: ReportCommand[];
  starts: MinikubeStartCommand[];
  /** The start that made the cluster: the last one, unless that only restarts an earlier profile. */
  effectiveStart?: MinikubeStartCommand;
  labelCommands: LabelCommand[];
  /** Label commands written as templates (`kubectl label nodes <node name> <label>`), not applied. */
  placeholderLabels: LabelCommand[];
  profile: string;
  nodes: NodeFact[];
  labelProblems: LabelProblem[];
  /** Report node names that are not the cluster's names (mapped by order instead). */
  renamedNodes: { reportName: string; node: string }[];
  /** `kubectl expose deployment NAME --port P [--target-port T] [--type T]` forms found in the report. */
  exposes: ExposeCommand[];
  /** Manifest files whose objects are unknown: they do not parse, or were not read (size, encoding). */
  unreadManifests: UnreadManifest[];
  /** What the screenshots show (src/screens); empty without OCR (`--no-ocr`). */
  screens: ScreenEvidence;
  /**
   * Only when the report shows no `minikube start` as text: the last one a screenshot shows (a weak
   * read included, for its note; checks pass only on `weak: false`). The text always wins.
   */
  screenStart?: ScreenCommand & { command: MinikubeStartCommand };
  /** Only when the report applies no label as text: the nodes as the screenshots' label commands leave them. */
  screenLabels?: ScreenLabels;
}

export interface ScreenLabels {
  /** The well-read label commands (not templates), in report order of their images. */
  commands: (ScreenCommand & { command: LabelCommand })[];
  /** Label commands read too weakly to count. */
  weak: ScreenCommand[];
  nodes: NodeFact[];
  problems: LabelProblem[];
  renamed: { reportName: string; node: string }[];
  /** The images the commands come from. */
  images: string[];
}

export interface UnreadManifest {
  file: string;
  line?: number;
  col?: number;
  /** `does not parse (see submission.manifests)`, or the reader's reason (`… over the 1 MiB limit; not read`). */
  why: string;
  /** Kinds the unread part names (`kind: Service`); empty when it names none (it could hold anything). */
  kinds: string[];
}

export interface ExposeCommand {
  kind: string;
  name: string;
  port?: number;
  targetPort?: string;
  type?: string;
  serviceName?: string;
  line: number;
}

/**
 * `screenshots`: what OCR read in the submission's images (src/ocr, `readScreenshots`); the default []
 * is the text-only grade. The facts stay a pure function of the submission, the rubric and these texts.
 */
export function deriveFacts(
  submission: Submission,
  rubric: Rubric,
  screenshots: readonly ScreenshotRead[] = [],
): LabFacts {
  const objects = withReportManifests(submission);
  const pools = objects.filter((o) => o.class === 'ippool').map(poolFact);
  const rackPools = pools.filter((p) => p.pool.name !== rubric.expect.defaultPool && !p.pool.disabled);
  const deployments = objects.filter((o) => o.class === 'deployment');
  const replicaSets = objects.filter((o) => o.kind === 'ReplicaSet');
  const workloads = [...deployments, ...replicaSets];
  const workload =
    workloads.find((w) => containerImages(w).some((img) => imageMatches(img, rubric))) ?? workloads[0];
  const commands = submission.report?.commands ?? [];
  const starts = commands.filter((c): c is MinikubeStartCommand => c.kind === 'minikube-start');
  const allLabelCommands = commands.filter((c): c is LabelCommand => c.kind === 'label');
  const labelCommands = allLabelCommands.filter((c) => !isPlaceholderLabel(c));
  const lastStart = effectiveStart(starts);
  const screens = readScreens(screenshots);
  const screenStart = lastStart ? undefined : screenStartOf(screens);
  const profile = lastStart?.profile ?? screenStart?.command.profile ?? 'minikube';
  const nodeCount = Math.max(rubric.expect.nodes, lastStart?.nodes ?? rubric.expect.nodes);
  const { nodes, problems, renamed } = applyLabels(profile, nodeCount, labelCommands);
  return {
    submission,
    rubric,
    pools,
    rackPools,
    workloads,
    workload,
    services: objects.filter((o) => o.class === 'service'),
    configMaps: objects.filter((o) => o.class === 'configmap'),
    secrets: objects.filter((o) => o.class === 'secret'),
    commands,
    starts,
    effectiveStart: lastStart,
    labelCommands,
    placeholderLabels: allLabelCommands.filter(isPlaceholderLabel),
    profile,
    nodes,
    labelProblems: problems,
    renamedNodes: renamed,
    exposes: findExposes(submission),
    unreadManifests: unreadManifests(submission),
    screens,
    ...(screenStart ? { screenStart } : {}),
    ...(labelCommands.length === 0 ? screenLabelsOf(screens, profile, nodeCount) : {}),
  };
}

/** The effective `minikube start` of the screenshots: well-read ones first (see effectiveStart). */
function screenStartOf(screens: ScreenEvidence): LabFacts['screenStart'] {
  const shots = screens.commands.filter(
    (c): c is ScreenCommand & { command: MinikubeStartCommand } => c.command.kind === 'minikube-start',
  );
  const strong = shots.filter((c) => !c.weak);
  const pool = strong.length ? strong : shots;
  const start = effectiveStart(pool.map((c) => c.command));
  return pool.find((c) => c.command === start);
}

function screenLabelsOf(
  screens: ScreenEvidence,
  profile: string,
  count: number,
): { screenLabels?: ScreenLabels } {
  const all: (ScreenCommand & { command: LabelCommand })[] = screens.commands.filter(
    (c): c is ScreenCommand & { command: LabelCommand } =>
      c.command.kind === 'label' && !isPlaceholderLabel(c.command),
  );
  // Nodes listed by `kubectl get nodes -l key=value` carry that label: the same as a label command.
  for (const v of screens.nodeLabels)
    all.push({
      ...v,
      command: {
        kind: 'label',
        nodes: v.nodes,
        labels: [{ key: v.key, value: v.value }],
        overwrite: true,
        source: { argv: v.text.split(/\s+/), text: v.text, file: v.source, line: v.line },
      },
    });
  const commands = all.filter((c) => !c.weak);
  if (all.length === 0) return {};
  const { nodes, problems, renamed } = applyLabels(
    profile,
    count,
    commands.map((c) => c.command),
  );
  const images = [...new Set(commands.map((c) => c.image))];
  return {
    screenLabels: { commands, weak: all.filter((c) => c.weak), nodes, problems, renamed, images },
  };
}

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

function unreadManifests(submission: Submission): UnreadManifest[] {
  const out: UnreadManifest[] = [];
  for (const y of submission.yamlFiles) {
    if (!y.error) continue;
    const { line, col } = y.error;
    out.push({
      file: y.file,
      line,
      col,
      why: 'does not parse (see submission.manifests)',
      kinds: y.failedKinds ?? [],
    });
  }
  for (const f of submission.findings)
    if (f.unread && f.file && MANIFEST_FILE.test(f.file))
      out.push({ file: f.file, why: f.message, kinds: [] });
  return out;
}

/** The unread manifests that may hold an object of one of `kinds`. */
export function unreadManifestsOf(f: LabFacts, kinds: readonly string[]): UnreadManifest[] {
  return f.unreadManifests.filter((m) => m.kinds.length === 0 || m.kinds.some((k) => kinds.includes(k)));
}

/** `service.yaml:7:3 does not parse (see submission.manifests)`; a reader's reason already names its file. */
export function unreadText(m: UnreadManifest): string {
  if (m.why.startsWith(m.file)) return m.why;
  const pos = m.line ? `:${m.line}${m.col ? `:${m.col}` : ''}` : '';
  return `${m.file}${pos} ${m.why}`;
}

/**
 * Manifests pasted into the report's ```yaml blocks count for a kind only when no committed file
 * provides that kind (students often paste what they forgot to commit).
 */
function withReportManifests(submission: Submission): ClassifiedObject[] {
  const objects = [...submission.objects];
  const report = submission.report;
  if (!report) return objects;
  const committed = new Set(objects.map((o) => o.class));
  for (const block of report.codeBlocks) {
    if (!/^(ya?ml|)$/i.test(block.lang) || !/\bkind:\s*\w/.test(block.text)) continue;
    const loaded = loadYamlText(report.file, block.text);
    for (const o of loaded.objects) {
      const cls = classifyObject(o);
      if (cls === 'other' || committed.has(cls)) continue;
      objects.push({ ...o, line: o.line + block.line, class: cls });
    }
  }
  return objects;
}

function poolFact(object: ClassifiedObject): PoolFact {
  const { pool, problems } = normalizeIPPool(object.body, { file: object.file, line: object.line });
  // A name that is a list or a mapping reads as `[object Object]` in String(): name it by its shape.
  const rawName = getPath(object.body, 'metadata', 'name');
  if (rawName !== undefined && rawName !== null && scalarText(rawName) === undefined)
    pool.name = `(metadata.name is ${describeValue(rawName)})`;
  return {
    object,
    pool,
    problems,
    explicitSelector: hasExplicitNodeSelector(object.body),
    selector: parseSelector(pool.nodeSelector),
  };
}

/** The images of a workload's containers that are strings. */
export function containerImages(workload: ClassifiedObject): string[] {
  return workloadView(workload).containers.flatMap((c) => (c.image === undefined ? [] : [c.image]));
}

/** The container running the lab's image (else the first): the one whose env the lab sets. */
export function appContainer(workload: ClassifiedObject, rubric: Rubric): ContainerView | undefined {
  const containers = workloadView(workload).containers;
  return containers.find((c) => c.image !== undefined && imageMatches(c.image, rubric)) ?? containers[0];
}

/** The app container's env values written literally (`value:`), by name. */
export function literalEnv(workload: ClassifiedObject | undefined, rubric: Rubric): Record<string, string> {
  const env: Record<string, string> = {};
  const container = workload ? appContainer(workload, rubric) : undefined;
  for (const item of container?.env ?? [])
    if (item.name !== undefined && typeof item.value === 'string') env[item.name] = item.value;
  return env;
}

export function imageMatches(image: string, rubric: Rubric): boolean {
  const want = rubric.expect.image;
  if (image === want) return true;
  return rubric.expect.imageRegistryPrefixes.some((p) => image === p + want);
}

/** Replays the report's `kubectl label` commands on the cluster's nodes, as kubectl would. */
function applyLabels(
  profile: string,
  count: number,
  commands: LabelCommand[],
): { nodes: NodeFact[]; problems: LabelProblem[]; renamed: { reportName: string; node: string }[] } {
  const names = nodeNames(profile, count);
  const nodes: NodeFact[] = names.map((name, i) => ({
    name,
    reportNames: [],
    labels: nodeLabels(profile, i),
    appliedLabels: {},
  }));
  const problems: LabelProblem[] = [];
  const mapping = mapReportNodes(
    names,
    commands.flatMap((c) => c.nodes),
  );
  const renamed: { reportName: string; node: string }[] = [];
  for (const [reportName, index] of mapping) {
    nodes[index]?.reportNames.push(reportName);
    if (reportName !== names[index]) renamed.push({ reportName, node: names[index] as string });
  }
  for (const cmd of commands) {
    for (const reportName of cmd.nodes) {
      const node = nodes[mapping.get(reportName) ?? -1];
      if (!node) continue;
      for (const { key, value } of cmd.labels) {
        if (value === null) {
          delete node.labels[key];
          delete node.appliedLabels[key];
          continue;
        }
        const current = node.labels[key];
        if (current !== undefined && current !== value && !cmd.overwrite) {
          problems.push({
            node: node.name,
            key,
            message: `'${key}' already has a value (${current}), and --overwrite is false`,
          });
          continue;
        }
        node.labels[key] = value;
        node.appliedLabels[key] = value;
      }
    }
  }
  return { nodes, problems, renamed };
}

/**
 * Report node names map to the cluster's nodes by order: an exact name first, then a `-mNN` suffix
 * (the NN-th node), then the remaining names in order of appearance to the remaining nodes.
 */
export function mapReportNodes(clusterNames: string[], reportNames: string[]): Map<string, number> {
  const mapping = new Map<string, number>();
  const distinct = [...new Set(reportNames)];
  const taken = new Set<number>();
  for (const name of distinct) {
    const i = clusterNames.indexOf(name);
    if (i >= 0) {
      mapping.set(name, i);
      taken.add(i);
    }
  }
  for (const name of distinct) {
    if (mapping.has(name)) continue;
    const n = nodeNumber(name);
    if (n !== undefined) {
      const i = n - 1;
      if (i >= 0 && i < clusterNames.length) {
        mapping.set(name, i);
        taken.add(i);
      }
    }
  }
  for (const name of distinct) {
    if (mapping.has(name)) continue;
    const free = clusterNames.findIndex((_, i) => !taken.has(i));
    if (free === -1) continue;
    mapping.set(name, free);
    taken.add(free);
  }
  return mapping;
}

/** `kubectl expose deployment NAME --port=3000 [--target-port=..] [--type=..] [--name=..]`. */
function findExposes(submission: Submission): ExposeCommand[] {
  const out: ExposeCommand[] = [];
  for (const cmd of submission.report?.shell ?? []) {
    const argv = cmd.argv;
    if (argv[0] !== 'kubectl' || argv[1] !== 'expose') continue;
    const rest = argv.slice(2);
    const positional: string[] = [];
    const opts: Record<string, string> = {};
    for (let i = 0; i < rest.length; i++) {
      const tok = rest[i] as string;
      if (tok.startsWith('--')) {
        const eq = tok.indexOf('=');
        if (eq > 0) opts[tok.slice(2, eq)] = tok.slice(eq + 1);
        else opts[tok.slice(2)] = rest[++i] ?? '';
      } else positional.push(tok);
    }
    let [kind, name] = positional;
    if (kind?.includes('/')) [kind, name] = kind.split('/', 2) as [string, string];
    if (!kind || !name) continue;
    out.push({
      kind: exposedKind(kind),
      name,
      port: opts.port ? Number(opts.port) : undefined,
      targetPort: opts['target-port'],
      type: opts.type,
      serviceName: opts.name,
      line: cmd.line,
    });
  }
  return out;
}

/**
 * Reports often show the command's template instead of what was run: `<node name>`, `node_name`,
 * `zone="zone_name"`. Such a command names no real node or value, so it labels nothing.
 */
const PLACEHOLDER =
  /^(?:your|my)?[-_]?(?:node|label|key|value|zone|rack|name)(?:[-_]?(?:name|value|label|key))?$/i;

export function isPlaceholderLabel(c: LabelCommand): boolean {
  const words = [...c.nodes, ...c.labels.flatMap((l) => (l.value === null ? [l.key] : [l.key, l.value]))];
  const templated = (w: string) => /[<>{}]|\.\.\./.test(w);
  return (
    c.nodes.length === 0 ||
    words.some(templated) ||
    c.nodes.some((n) => PLACEHOLDER.test(n)) ||
    c.labels.some((l) => l.value !== null && PLACEHOLDER.test(l.value) && /name|value|label/i.test(l.value))
  );
}

/**
 * `minikube start` of an existing profile reuses that profile's configuration, so a bare restart
 * (`minikube start`, `minikube start -p NAME`) after a full start is graded as that full start.
 */
export function effectiveStart(starts: readonly MinikubeStartCommand[]): MinikubeStartCommand | undefined {
  const last = starts.at(-1);
  if (!last) return undefined;
  const bare = last.flags.every((f) => f.name === 'p' || f.name === 'profile');
  if (!bare) return last;
  const profile = last.profile ?? 'minikube';
  return [...starts].reverse().find((s) => s !== last && (s.profile ?? 'minikube') === profile) ?? last;
}

/**
 * kubectl's names for the kinds `kubectl expose` takes, as one canonical lower-case kind: the long
 * plural (`deployments`) and the short names (`deploy`, `rs`, `svc`, `po`, `rc`) alike. Stripping a
 * trailing `s` instead turned `rs` into `r`.
 */
const EXPOSE_KINDS: Record<string, string> = {
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  rs: 'replicaset',
  service: 'service',
  services: 'service',
  svc: 'service',
  pod: 'pod',
  pods: 'pod',
  po: 'pod',
  replicationcontroller: 'replicationcontroller',
  replicationcontrollers: 'replicationcontroller',
  rc: 'replicationcontroller',
};

function exposedKind(word: string): string {
  const lower = word.toLowerCase();
  return EXPOSE_KINDS[lower.split('.')[0] as string] ?? lower;
}
