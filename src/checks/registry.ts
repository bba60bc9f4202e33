/**
 * The check registry: every check of the lab, once, in report order — the one place a check is
 * declared. Data only (no check functions), so the rubric can import it without a cycle:
 *
 * - `src/checks/static/index.ts` and `src/checks/live/index.ts` attach a function to each id (a test
 *   and the type checker fail when an entry has none, or a function has no entry);
 * - the rubric (`src/rubric/rubric.ts`) takes each check's default title and points from here; the
 *   `checks` section of `src/rubric/lab4.json` is a generated copy (a template for staff);
 * - the README's two "Check catalogue" tables are generated from it.
 *
 * After changing an entry: `npx tsx scripts/catalogue.ts --write` (README tables and lab4.json).
 *
 * Ids are a public interface (CI configs and rubrics name them): never rename one.
 */

/** `static`: graded from the files (`lab-grader check` and `grade`); `live`: from the cluster (`grade`). */
export type CheckPhase = 'static' | 'live';

export interface CheckEntry {
  /** Public interface, never renamed. Its first dotted segment is the check's group. */
  readonly id: string;
  readonly phase: CheckPhase;
  /** Default title (a rubric may override it). */
  readonly title: string;
  /** Default points (a rubric may override them). */
  readonly points: number;
  /** When the check passes: the README catalogue's sentence. */
  readonly passesWhen: string;
  /**
   * Live checks only: the static check this one replaces in a live grade (the static one is not run
   * there). The rubric has one entry per id, so a check replacing one of the same id shares its
   * title and points.
   */
  readonly replaces?: string;
}

const ENTRIES = [
  {
    id: 'submission.manifests',
    phase: 'static',
    title: 'Manifests are committed and parse',
    points: 1,
    passesWhen:
      'at least one Kubernetes manifest (YAML or JSON, `kind: List` too) is committed in the Lab 4 folder and every one parses (errors give file:line:col; files over the size, count or nesting limits are named)',
  },
  {
    id: 'submission.report',
    phase: 'static',
    title: 'Report has the course header',
    points: 1,
    passesWhen:
      'a Markdown report has the course header: University, Faculty, Course, Year, Group, Author, Lab, Date of create, Date of finished',
  },
  {
    id: 'minikube.start-flags',
    phase: 'static',
    title: 'minikube start asks for 2 nodes and Calico',
    points: 2,
    passesWhen:
      'the last documented `minikube start` asks for 2 nodes and Calico (`--cni calico`, or `--network-plugin=cni` / `--cni=<manifest>` plus an applied Calico manifest); typos such as `--cni=caliico` or `--network-plugin-cni` fail, naming the token',
  },
  {
    id: 'pools.defined',
    phase: 'static',
    title: 'One IPPool per rack is defined',
    points: 2,
    passesWhen: 'at least 2 IPPools besides the default pool, each with a name and a cidr',
  },
  {
    id: 'pools.cidr-valid',
    phase: 'static',
    title: 'Pool CIDRs and block sizes are valid',
    points: 2,
    passesWhen:
      'every cidr and block size is one calicoctl accepts (strictly masked, blockSize 20–32, pool not smaller than a block), no wider than /8 and not in a special range (0.0.0.0/8, loopback, link-local, multicast, 240.0.0.0/4)',
  },
  {
    id: 'pools.no-overlap',
    phase: 'static',
    title: 'Pools do not overlap',
    points: 1,
    passesWhen:
      "no two pools overlap, and none overlaps the service CIDR 10.96.0.0/12 or minikube's node network 192.168.49.0/24 (the live apply policy refuses those pools); public address space is a warning",
  },
  {
    id: 'pools.selectors-valid',
    phase: 'static',
    title: 'Pool nodeSelectors are valid Calico selectors',
    points: 2,
    passesWhen:
      'every rack pool has a nodeSelector that parses as a Calico selector (a missing selector selects every node and fails)',
  },
  {
    id: 'pools.default-removed',
    phase: 'static',
    title: 'The default pool is deleted or disabled',
    points: 2,
    passesWhen:
      'the report deletes or disables `default-ipv4-ippool` (calicoctl/kubectl delete, a patch to `disabled: true`, or a manifest)',
  },
  {
    id: 'labels.match-pools',
    phase: 'static',
    title: "Node labels match the pools' selectors one to one",
    points: 3,
    passesWhen:
      "with the labels the report's `kubectl label` commands apply, each pool selects exactly one node and each node is selected by exactly one pool (skipped when the report shows no labels)",
  },
  {
    id: 'pods.shown-ips-in-pools',
    phase: 'static',
    title: 'Pod IPs shown in the report lie in the rack pools',
    points: 2,
    passesWhen:
      "the pod IPs the report itself shows as text (ping transcripts, `kubectl get pods -o wide`) lie in the rack pools — in the pool selecting the pod's node when the row names it (skipped when none are shown)",
  },
  {
    id: 'deployment.replicas',
    phase: 'static',
    title: 'Deployment runs 2 replicas',
    points: 1,
    passesWhen: 'a Deployment (a ReplicaSet is accepted, with a note) runs 2 replicas',
  },
  {
    id: 'deployment.image',
    phase: 'static',
    title: "Deployment uses the lab's image",
    points: 1,
    passesWhen: 'its image is `ifilyaninitmo/itdt-contained-frontend:master` (`docker.io/` prefix allowed)',
  },
  {
    id: 'deployment.env',
    phase: 'static',
    title: 'REACT_APP_USERNAME and REACT_APP_COMPANY_NAME are set',
    points: 1,
    passesWhen:
      '`REACT_APP_USERNAME` and `REACT_APP_COMPANY_NAME` are set non-empty (a value, or `valueFrom`/`envFrom` a ConfigMap or Secret in the submission)',
  },
  {
    id: 'service.selects-pods',
    phase: 'static',
    title: 'Service selects the pods and reaches port 3000',
    points: 2,
    passesWhen:
      "a Service (or a `kubectl expose` command) selects the pod template's labels and its targetPort reaches container port 3000 (by number or port name)",
  },
  {
    id: 'cluster.nodes-ready',
    phase: 'live',
    title: 'Both nodes are Ready',
    points: 1,
    passesWhen: 'both nodes are Ready',
  },
  {
    id: 'cluster.runtime-containerd',
    phase: 'live',
    title: 'Nodes run containerd',
    points: 1,
    passesWhen: 'the nodes run containerd',
  },
  {
    id: 'cluster.calico-healthy',
    phase: 'live',
    title: 'Calico is healthy on every node',
    points: 1,
    passesWhen: 'a Ready calico-node on every node and calico-kube-controllers Ready',
  },
  {
    id: 'labels.applied',
    phase: 'live',
    title: 'Rack labels are on the nodes',
    points: 1,
    passesWhen: "the rack labels (the report's, or inferred from the pools) are on the nodes",
  },
  {
    id: 'pools.applied',
    phase: 'live',
    title: 'The rack pools exist on the cluster',
    points: 1,
    passesWhen: "the submission's pools exist on the cluster and each selects one node",
  },
  {
    id: 'pools.default-removed',
    phase: 'live',
    replaces: 'pools.default-removed',
    title: 'The default pool is deleted or disabled',
    points: 2,
    passesWhen:
      'the default pool is gone or disabled, no app pod has an address from it, and the report did the removal (if the grader had to, it fails as not shown)',
  },
  {
    id: 'deployment.rolled-out',
    phase: 'live',
    title: 'The Deployment rolled out',
    points: 1,
    passesWhen: 'the Deployment rolled out and the app answers on port 3000 in every pod',
  },
  {
    id: 'pods.spread-across-racks',
    phase: 'live',
    title: 'One pod per rack',
    points: 1,
    passesWhen: 'one pod per rack',
  },
  {
    id: 'pods.ip-in-rack-pool',
    phase: 'live',
    title: "Each pod's IP is in its rack's pool",
    points: 4,
    passesWhen:
      "each pod's IP lies in the pool that selects its node — the lab's point; otherwise the message shows each pod IP, its node's rack, the expected pool and the likely cause (host-local IPAM in the CNI config, default pool still present, pods created before the pools)",
  },
  {
    id: 'service.endpoints',
    phase: 'live',
    title: 'The Service has both pods as endpoints',
    points: 1,
    passesWhen: 'the Service has both pods as ready endpoints',
  },
  {
    id: 'service.lb-spread',
    phase: 'live',
    title: 'The Service spreads requests over both pods',
    points: 2,
    passesWhen:
      'requests through the Service, each on a new connection, reach both pods (counts and the p-value of an even split reported)',
  },
  {
    id: 'app.env-rendered',
    phase: 'live',
    title: "The page shows the env values and the pod's name and IP",
    points: 1,
    passesWhen: "the page shows the env values, and the container name and IP are the serving pod's",
  },
  {
    id: 'network.ping-ip',
    phase: 'live',
    title: 'Pods ping each other by IP',
    points: 1,
    passesWhen: 'each pod pings the other by IP',
  },
  {
    id: 'network.ping-fqdn',
    phase: 'live',
    title: 'Pods ping each other by DNS name',
    points: 1,
    passesWhen: 'each pod pings the other by `a-b-c-d.NS.pod.cluster.local`',
  },
  {
    id: 'dns.service-resolves',
    phase: 'live',
    title: 'The Service name resolves to its ClusterIP',
    points: 1,
    passesWhen: "the Service's FQDN resolves to its ClusterIP from inside a pod",
  },
] as const satisfies readonly CheckEntry[];

type Entry = (typeof ENTRIES)[number];
/** The id of a registered static check. */
export type StaticCheckId = Extract<Entry, { phase: 'static' }>['id'];
/** The id of a registered live check. */
export type LiveCheckId = Extract<Entry, { phase: 'live' }>['id'];

/** Every check, static ones first, each phase in report order. */
export const CHECK_REGISTRY: readonly CheckEntry[] = ENTRIES;

function idsOf(phase: CheckPhase): string[] {
  return CHECK_REGISTRY.filter((c) => c.phase === phase).map((c) => c.id);
}

/** The static checks' ids, in report order (a static grade, `lab-grader check`). */
export function staticCheckIds(): string[] {
  return idsOf('static');
}

/** The live checks' ids, in report order. */
export function liveCheckIds(): string[] {
  return idsOf('live');
}

/** The static ids a live check replaces in a live grade. */
export function replacedByLive(): ReadonlySet<string> {
  return new Set(CHECK_REGISTRY.flatMap((c) => (c.phase === 'live' && c.replaces ? [c.replaces] : [])));
}

/** Every check of a live grade, in report order: the static checks not replaced, then the live ones. */
export function liveGradeCheckIds(): string[] {
  const replaced = replacedByLive();
  return [...staticCheckIds().filter((id) => !replaced.has(id)), ...liveCheckIds()];
}

/** The entry of a check in a phase, if registered. */
export function registryEntry(phase: CheckPhase, id: string): CheckEntry | undefined {
  return CHECK_REGISTRY.find((c) => c.phase === phase && c.id === id);
}

/** A check's default spec in a rubric; `live` marks a check only a live grade runs. */
export interface DefaultCheckSpec {
  title: string;
  points: number;
  live?: true;
}

/**
 * The rubric's default `checks` section: one entry per id, in report order — the static checks,
 * then the live ones not sharing a static check's id (`live: true`). A live check replacing a static
 * check of the same id is graded with that id's one entry.
 */
export function defaultCheckSpecs(): Record<string, DefaultCheckSpec> {
  const specs: Record<string, DefaultCheckSpec> = {};
  for (const c of CHECK_REGISTRY) {
    if (c.phase === 'static') specs[c.id] = { title: c.title, points: c.points };
    else if (!(c.id in specs)) specs[c.id] = { title: c.title, points: c.points, live: true };
  }
  return specs;
}
