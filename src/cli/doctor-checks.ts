/**
 * `lab-grader doctor`: what a live grade on minikube needs, judged from facts probed beforehand
 * (cli/doctor.ts probes them). Pure: every threshold is tested on both sides.
 *
 * The numbers: minikube's documented minimum is 2 CPUs, 2 GB of free memory and 20 GB of free disk
 * space (https://minikube.sigs.k8s.io/docs/start/, "What you'll need"; not in
 * docs/reference-facts.md, minikube, which covers flags and outputs only). That is for one node;
 * the lab starts 2 (`--nodes 2`), each a container (docker driver) with its own kubelet, containerd
 * and images, so twice as much is what runs the lab comfortably. Below one node's minimum minikube
 * refuses or cannot run (CPUs: exit 29 RSRC_INSUFFICIENT_CORES, pkg/minikube/reason/exitcodes.go):
 * fail. Between one and two nodes' worth the grade may run, slowly (the app builds its bundle at
 * start, timeouts may hit): warn.
 */

export type Mark = 'ok' | 'warn' | 'fail';

export interface DoctorItem {
  id: 'minikube' | 'driver' | 'kubeconfig' | 'cpu' | 'memory' | 'disk';
  mark: Mark;
  /** What was found. */
  found: string;
  /** What to install or change (warn/fail). */
  hint?: string;
}

/** A probed command: found where, and what it printed (or why not). */
export interface ToolFact {
  /** Absolute path, undefined when not found. */
  path?: string;
  /** The version it reported. */
  version?: string;
  /** Why the version could not be read (exit code, timeout, daemon unreachable…). */
  error?: string;
}

export interface KubeconfigFile {
  path: string;
  /** false when the file does not exist. */
  exists: boolean;
  /** An unreadable or unparsable file. */
  error?: string;
}

export interface DoctorFacts {
  /** searched: `on PATH` or `at <--minikube PATH>`. */
  minikube: ToolFact & { searched: string };
  docker: ToolFact;
  podman: ToolFact;
  kubeconfig: { files: KubeconfigFile[]; contexts: string[]; current?: string };
  /** os.availableParallelism(). */
  cpus: number;
  /** os.freemem() / os.totalmem(), bytes. */
  memory: { free: number; total: number };
  /** fs.statfs of the minikube home (or its nearest existing parent). */
  disk: { path: string; free?: number; error?: string };
}

const GiB = 1024 ** 3;

/** One node's documented minimum (minikube docs "What you'll need") and the lab's node count. */
export interface LabNeeds {
  nodes: number;
  cpusPerNode: number;
  /** Bytes. */
  memoryPerNode: number;
  /** Bytes. */
  diskPerNode: number;
}

export const LAB_NEEDS: Readonly<LabNeeds> = {
  nodes: 2,
  cpusPerNode: 2,
  memoryPerNode: 2 * GiB,
  diskPerNode: 20 * GiB,
};

const gib = (bytes: number) => `${(bytes / GiB).toFixed(1)} GiB`;

export function minikubeItem(f: DoctorFacts['minikube']): DoctorItem {
  if (!f.path)
    return {
      id: 'minikube',
      mark: 'fail',
      found: `not found ${f.searched}`,
      hint: 'install minikube: https://minikube.sigs.k8s.io/docs/start/ (or give --minikube PATH)',
    };
  if (!f.version)
    return {
      id: 'minikube',
      mark: 'warn',
      found: `${f.path}, but \`minikube version\` failed: ${f.error ?? 'no version printed'}`,
      hint: 'run `minikube version` to see why; reinstall minikube if it does not run',
    };
  return { id: 'minikube', mark: 'ok', found: `${f.version} (${f.path})` };
}

/**
 * The driver minikube would use: Docker with a reachable daemon (minikube's preferred driver on
 * Linux; the reference transcript, docs/reference-facts.md, minikube §6, shows "Automatically selected the docker
 * driver"), else Podman (minikube's podman driver is experimental: warn), else fail.
 */
export function driverItem(docker: ToolFact, podman: ToolFact): DoctorItem {
  if (docker.path && docker.version)
    return { id: 'driver', mark: 'ok', found: `docker, server ${docker.version}` };
  const dockerDown = docker.path
    ? `docker is installed (${docker.path}) but its daemon does not answer: ${docker.error ?? 'no server version'}`
    : undefined;
  if (podman.path && podman.version)
    return {
      id: 'driver',
      mark: 'warn',
      found: `podman ${podman.version}${dockerDown ? `; ${dockerDown}` : ''}`,
      hint: "minikube's podman driver is experimental; Docker is the tested driver (https://docs.docker.com/engine/install/)",
    };
  if (dockerDown)
    return {
      id: 'driver',
      mark: 'fail',
      found: dockerDown,
      hint: 'start the Docker daemon (`sudo systemctl start docker`) and let your user use it (`sudo usermod -aG docker $USER`, then log in again)',
    };
  return {
    id: 'driver',
    mark: 'fail',
    found: `no driver: neither docker nor podman found${podman.path ? ` (podman at ${podman.path} failed: ${podman.error ?? 'no version'})` : ''}`,
    hint: 'install Docker: https://docs.docker.com/engine/install/',
  };
}

/**
 * Contexts are informational for a minikube grade (minikube start adds its own context): never a
 * fail. A file that cannot be read or parsed is a warn, since minikube must write to it.
 */
export function kubeconfigItem(k: DoctorFacts['kubeconfig']): DoctorItem {
  const broken = k.files.filter((f) => f.error);
  const files = k.files.filter((f) => f.exists).map((f) => f.path);
  const contexts =
    k.contexts.length === 0
      ? 'no contexts yet (minikube start adds one per profile)'
      : `contexts: ${k.contexts.map((c) => (c === k.current ? `${c} (current)` : c)).join(', ')}`;
  const where = files.length
    ? files.join(', ')
    : `no kubeconfig file (${k.files.map((f) => f.path).join(', ')})`;
  if (broken.length)
    return {
      id: 'kubeconfig',
      mark: 'warn',
      found: `${where}; ${contexts}; unreadable: ${broken.map((f) => `${f.path}: ${f.error}`).join('; ')}`,
      hint: 'fix or move the unreadable kubeconfig: minikube writes its context there',
    };
  return { id: 'kubeconfig', mark: 'ok', found: `${where}; ${contexts}` };
}

export function cpuItem(cpus: number, needs: LabNeeds = LAB_NEEDS): DoctorItem {
  const min = needs.cpusPerNode;
  const want = needs.cpusPerNode * needs.nodes;
  const found = `${cpus} CPUs available`;
  if (cpus < min)
    return {
      id: 'cpu',
      mark: 'fail',
      found,
      hint: `minikube needs at least ${min} CPUs (it refuses fewer); give this machine or VM more`,
    };
  if (cpus < want)
    return {
      id: 'cpu',
      mark: 'warn',
      found,
      hint: `${want} recommended for ${needs.nodes} nodes of ${min} CPUs; the grade may run slowly and hit timeouts`,
    };
  return { id: 'cpu', mark: 'ok', found };
}

export function memoryItem(m: DoctorFacts['memory'], needs: LabNeeds = LAB_NEEDS): DoctorItem {
  const min = needs.memoryPerNode;
  const want = needs.memoryPerNode * needs.nodes;
  const found = `${gib(m.free)} free of ${gib(m.total)}`;
  if (m.free < min)
    return {
      id: 'memory',
      mark: 'fail',
      found,
      hint: `minikube needs ${gib(min)} free for one node; close programs or add memory`,
    };
  if (m.free < want)
    return {
      id: 'memory',
      mark: 'warn',
      found,
      hint: `${gib(want)} free recommended for ${needs.nodes} nodes of ${gib(min)}`,
    };
  return { id: 'memory', mark: 'ok', found };
}

export function diskItem(d: DoctorFacts['disk'], needs: LabNeeds = LAB_NEEDS): DoctorItem {
  const min = needs.diskPerNode;
  const want = needs.diskPerNode * needs.nodes;
  if (d.free === undefined)
    return {
      id: 'disk',
      mark: 'warn',
      found: `cannot read the free space of ${d.path}: ${d.error ?? 'unknown error'}`,
      hint: `make sure ${gib(want)} are free for minikube's images and node containers`,
    };
  const found = `${gib(d.free)} free on ${d.path}`;
  if (d.free < min)
    return {
      id: 'disk',
      mark: 'fail',
      found,
      hint: `minikube needs ${gib(min)} free for one node; free some space (\`docker system prune\`, old minikube profiles)`,
    };
  if (d.free < want)
    return {
      id: 'disk',
      mark: 'warn',
      found,
      hint: `${gib(want)} free recommended for ${needs.nodes} nodes of ${gib(min)}`,
    };
  return { id: 'disk', mark: 'ok', found };
}

export function doctorItems(f: DoctorFacts, needs: LabNeeds = LAB_NEEDS): DoctorItem[] {
  return [
    minikubeItem(f.minikube),
    driverItem(f.docker, f.podman),
    kubeconfigItem(f.kubeconfig),
    cpuItem(f.cpus, needs),
    memoryItem(f.memory, needs),
    diskItem(f.disk, needs),
  ];
}

/** 0 when nothing fails (warnings allowed), 3 when a live grade would lack something it needs. */
export function doctorExitCode(items: readonly DoctorItem[]): 0 | 3 {
  return items.some((i) => i.mark === 'fail') ? 3 : 0;
}

/** Console text: one line per item, its hint indented under it. */
export function renderDoctor(
  items: readonly DoctorItem[],
  paint: { ok: (s: string) => string; warn: (s: string) => string; fail: (s: string) => string },
): string {
  const sign: Record<Mark, string> = { ok: '✔', warn: '!', fail: '✖' };
  const width = Math.max(...items.map((i) => i.id.length));
  const lines = items.flatMap((i) => [
    `${paint[i.mark](`${sign[i.mark]} ${i.mark.padEnd(4)}`)} ${i.id.padEnd(width)}  ${i.found}`,
    ...(i.hint ? [`         ${' '.repeat(width)}  → ${i.hint}`] : []),
  ]);
  const fails = items.filter((i) => i.mark === 'fail').length;
  const warns = items.filter((i) => i.mark === 'warn').length;
  lines.push(
    '',
    fails
      ? paint.fail(`not ready for a live grade: ${fails} failed, ${warns} warning(s)`)
      : warns
        ? paint.warn(`ready for a live grade, with ${warns} warning(s)`)
        : paint.ok('ready for a live grade'),
  );
  return lines.join('\n');
}
