import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { calicoctlObjects } from '../live/calicoctl-pod.ts';
import { nodeNames } from '../minikube/nodes.ts';
import { SIM_FAULTS, SIM_TIME_FACTOR, simEnv } from '../minikube/stand-in.ts';
import { startArgs } from '../minikube/start.ts';
import { BUNDLED_CALICO_VERSION } from '../minikube/versions.ts';
import { podFqdn } from '../probes/names.ts';

/**
 * The emulator's acceptance scenario, done as a person would with the stand-in first on PATH and the
 * REAL kubectl: start, label, replace the default pool through the calicoctl pod, deploy the app,
 * check pod IPs per rack, ping by FQDN, and 20 fresh connections through `minikube service --url`.
 * Used by a test (which asserts the outcome) and by the benchmark (which times it). It lives outside
 * the emulator because it drives it through its face only, with the grader's calicoctl pod and names.
 */
export interface AcceptanceOutcome {
  nodes: string;
  pods: { name: string; node: string; ip: string }[];
  ping: { exitCode: number; output: string };
  lbCounts: Record<string, number>;
  timingsMs: Record<string, number>;
}

const PROFILE = 'minikube';

const POOLS = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-0-ippool}
spec: {cidr: 192.168.0.0/24, ipipMode: Always, natOutgoing: true, nodeSelector: rack == "0"}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-1-ippool}
spec: {cidr: 192.168.1.0/24, ipipMode: Always, natOutgoing: true, nodeSelector: rack == "1"}
`;

const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: lab4}
spec:
  replicas: 2
  selector: {matchLabels: {app: lab4}}
  template:
    metadata: {labels: {app: lab4}}
    spec:
      containers:
        - name: web
          image: ifilyaninitmo/itdt-contained-frontend:master
          env: [{name: REACT_APP_USERNAME, value: me}, {name: REACT_APP_COMPANY_NAME, value: itmo}]
---
apiVersion: v1
kind: Service
metadata: {name: lab4}
spec: {type: NodePort, selector: {app: lab4}, ports: [{port: 3000, targetPort: 3000}]}
`;

export async function runAcceptanceScenario(
  opts: { faults?: string; timeFactor?: number; kubectl?: string } = {},
): Promise<AcceptanceOutcome> {
  const home = await mkdtemp(join(tmpdir(), 'lab-grader-accept-'));
  const env = {
    ...process.env,
    ...simEnv({ home }),
    HOME: home, // kubectl caches discovery under $HOME/.kube/cache (docs/reference-facts.md, kube-api-emulation)
    [SIM_FAULTS]: opts.faults ?? '',
    [SIM_TIME_FACTOR]: String(opts.timeFactor ?? 0),
  };
  const kubectlBin = opts.kubectl ?? 'kubectl';
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round(performance.now() - t);
    }
  };
  const minikube = (args: string[]) => execa('minikube', args, { env, timeout: 120_000 });
  const kubectl = (args: string[], input?: string) =>
    execa(kubectlBin, args, {
      env,
      timeout: 60_000,
      reject: false,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    });
  const must = async (args: string[], input?: string) => {
    const r = await kubectl(args, input);
    if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  };
  const started = performance.now();
  try {
    await timed('start', () =>
      minikube(
        startArgs({
          profile: PROFILE,
          nodes: 2,
          containerRuntime: 'containerd',
          cni: 'calico',
          kubernetesVersion: 'v1.24.3',
          wait: false,
        }),
      ),
    );
    const nodes = await timed('get-nodes', () => must(['get', 'nodes']));
    await timed('label', async () => {
      for (const [rack, node] of nodeNames(PROFILE, 2).entries())
        await must(['label', 'nodes', node, `rack=${rack}`]);
    });
    await timed('pools', async () => {
      await must(
        ['apply', '-f', '-'],
        calicoctlObjects(BUNDLED_CALICO_VERSION)
          .map((o) => stringify(o))
          .join('---\n'),
      );
      await must(['wait', '--for=condition=Ready', 'pod/calicoctl', '-n', 'kube-system', '--timeout=60s']);
      await must([
        'exec',
        '-n',
        'kube-system',
        'calicoctl',
        '--',
        'calicoctl',
        'delete',
        'ippool',
        'default-ipv4-ippool',
      ]);
      await must(
        ['exec', '-i', '-n', 'kube-system', 'calicoctl', '--', 'calicoctl', 'create', '-f', '-'],
        POOLS,
      );
    });
    await timed('deploy', async () => {
      await must(['apply', '-f', '-'], APP);
      await must(['rollout', 'status', 'deployment/lab4', '--timeout=120s']);
    });
    const podList = JSON.parse(await must(['get', 'pods', '-l', 'app=lab4', '-o', 'json'])) as {
      items: { metadata: { name: string }; spec: { nodeName: string }; status: { podIP: string } }[];
    };
    const pods = podList.items.map((p) => ({
      name: p.metadata.name,
      node: p.spec.nodeName,
      ip: p.status.podIP,
    }));
    const [a, b] = pods;
    const fqdn = podFqdn(b?.ip ?? '', 'default');
    const ping = await timed('ping', () => kubectl(['exec', a?.name ?? '', '--', 'ping', '-c', '3', fqdn]));
    const url =
      (await timed('service-url', () => minikube(['service', 'lab4', '--url']))).stdout.split('\n')[0] ?? '';
    const lbCounts = await timed('lb', () => freshConnections(url, 20));
    timings.total = Math.round(performance.now() - started);
    return {
      nodes,
      pods,
      ping: { exitCode: ping.exitCode ?? -1, output: ping.stdout },
      lbCounts,
      timingsMs: timings,
    };
  } finally {
    await minikube(['delete', '--all']).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  }
}

/** `n` GETs of `/`, each on a new TCP connection; counts the serving pod by the bundle it names. */
async function freshConnections(url: string, n: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          data += c;
        });
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
      req.setTimeout(10_000, () => req.destroy(new Error(`GET ${url} timed out`)));
      req.end();
    });
    const bundle = /\/static\/js\/main\.([0-9a-f]+)\.js/.exec(body)?.[1] ?? 'no-bundle';
    counts[bundle] = (counts[bundle] ?? 0) + 1;
  }
  return counts;
}
