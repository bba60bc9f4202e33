import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../lab/facts.ts';
import { defaultRubric, type Rubric } from '../rubric/rubric.ts';
import { buildSubmission } from '../submission/read.ts';
import { DEPLOYMENT, POOLS, report } from '../testing/submission-builder.ts';
import {
  type ClusterFacts,
  formatRefusals,
  planDeploy,
  planLabels,
  planPools,
  type Refusal,
} from './policy.ts';

const facts = (files: Record<string, string>, rubric: Rubric = defaultRubric) =>
  deriveFacts(
    buildSubmission(
      '/s',
      '/s',
      Object.entries(files).map(([path, text]) => ({ path, text, size: text.length })),
    ),
    rubric,
  );

const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 3000, targetPort: http}]}
`;
const configMap = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}${extra}}\ndata: {k: v}\n`;

/** The reference Deployment with `patch` applied to its YAML text. */
const deployment = (edit: (yaml: string) => string = (y) => y) => edit(DEPLOYMENT);
const podSpecLine = '    spec:\n      containers:';
const withPodField = (field: string) =>
  deployment((y) => y.replace(podSpecLine, `    spec:\n      ${field}\n      containers:`));
const withContainerField = (field: string) =>
  deployment((y) => y.replace('          ports:', `          ${field}\n          ports:`));

const deploy = (files: Record<string, string>, rubric?: Rubric) =>
  planDeploy(facts(files, rubric), rubric ?? defaultRubric);
const rulesOf = (refusals: Refusal[]) => refusals.map((r) => r.rule);

describe('planDeploy: what the deploy step creates', () => {
  it("accepts the lab's Deployment, Service and ConfigMap into the grading namespace, in order", () => {
    const plan = deploy({
      'deployment.yaml': DEPLOYMENT,
      'service.yaml': SERVICE,
      'cm.yaml': configMap('cfg'),
    });
    expect(plan.refusals).toEqual([]);
    expect(plan.namespace).toBe('lab4');
    expect(plan.create.map((o) => `${o.kind}/${o.name}`)).toEqual([
      'ConfigMap/cfg',
      'Deployment/web',
      'Service/web',
    ]);
  });

  describe('namespace', () => {
    it('accepts no namespace, default and the grading namespace; refuses any other', () => {
      for (const ns of ['default', 'lab4'])
        expect(deploy({ 'cm.yaml': configMap('a', `, namespace: ${ns}`) }).refusals, ns).toEqual([]);
      const plan = deploy({ 'cm.yaml': configMap('coredns', ', namespace: kube-system') });
      expect(plan.refusals).toEqual([
        {
          step: 'deploy',
          object: 'ConfigMap coredns (cm.yaml:1)',
          rule: 'namespace',
          message:
            'metadata.namespace is kube-system: objects go only into the grading namespace lab4 (leave metadata.namespace out)',
        },
      ]);
    });
    it("adopts the submission's own Namespace (a no-op: the grader creates it with its labels)", () => {
      const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n';
      const plan = deploy({
        'ns.yaml': ns,
        'd.yaml': deployment((y) => y.replace('{name: web}', '{name: web, namespace: app}')),
      });
      expect(plan.namespace).toBe('app');
      expect(plan.refusals).toEqual([]);
      expect(plan.create.map((o) => o.kind)).toEqual(['Deployment']);
    });
    it("refuses a Namespace of the cluster's and a second Namespace", () => {
      const plan = deploy({
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n',
        'ns2.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n',
      });
      expect(plan.namespace).toBe('lab4');
      expect(plan.refusals.map((r) => r.message)).toEqual([
        'namespace kube-system belongs to the cluster: the grade creates its own namespace lab4',
        'a grade uses one namespace (lab4); this is another',
      ]);
    });
  });

  it('refuses kinds outside the rubric instead of ignoring them', () => {
    const kinds = [
      'DaemonSet',
      'Job',
      'ClusterRoleBinding',
      'CustomResourceDefinition',
      'ValidatingWebhookConfiguration',
      'Pod',
    ];
    const files = Object.fromEntries(
      kinds.map((k, i) => [`${i}.yaml`, `apiVersion: x/v1\nkind: ${k}\nmetadata: {name: evil}\n`]),
    );
    const plan = deploy(files);
    expect(rulesOf(plan.refusals)).toEqual(kinds.map(() => 'kind'));
    expect(plan.refusals[0]?.message).toBe(
      'kind DaemonSet is not one the lab uses (allowed: Deployment, ReplicaSet, Service, ConfigMap, Secret, Namespace)',
    );
  });

  it("leaves Calico's calicoctl manifest alone (the grader runs its own) but not a look-alike", () => {
    const calicoctl = `apiVersion: v1
kind: ServiceAccount
metadata: {name: calicoctl, namespace: kube-system}
---
apiVersion: v1
kind: Pod
metadata: {name: calicoctl, namespace: kube-system}
spec: {hostNetwork: true, containers: [{name: calicoctl, image: calico/ctl:v3.20.0}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: calicoctl}
`;
    const plan = deploy({ 'calicoctl.yaml': calicoctl });
    expect(plan.refusals).toEqual([]);
    expect(plan.tooling.map((o) => o.kind)).toEqual(['ServiceAccount', 'Pod', 'ClusterRoleBinding']);
    const clientSide = deploy({
      'calicoctl.cfg.yaml':
        'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec: {datastoreType: kubernetes}\n',
      'kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n',
    });
    expect(clientSide.refusals).toEqual([]);
    expect(clientSide.tooling.map((o) => o.kind)).toEqual(['CalicoAPIConfig', 'Kustomization']);
    const fake = deploy({
      'p.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: calicoctl}\nspec: {containers: [{name: c, image: xmrig/xmrig}]}\n',
    });
    expect(rulesOf(fake.refusals)).toEqual(['kind']);
  });

  it('applies one workload and refuses a second', () => {
    const second = deployment((y) => y.replace('{name: web}', '{name: miner}'));
    const plan = deploy({ 'a.yaml': DEPLOYMENT, 'b.yaml': second });
    expect(rulesOf(plan.refusals)).toEqual(['workloads']);
    expect(plan.refusals[0]?.object).toBe('Deployment miner (b.yaml:1)');
  });

  it("runs only the lab's image, in every container", () => {
    expect(
      deploy({
        'd.yaml': deployment((y) => y.replace('image: ifilyaninitmo', 'image: docker.io/ifilyaninitmo')),
      }).refusals,
    ).toEqual([]);
    const sidecar = deployment((y) => `${y}        - {name: miner, image: xmrig/xmrig:latest}\n`);
    expect(deploy({ 'd.yaml': sidecar }).refusals.map((r) => r.message)).toEqual([
      "container miner runs image xmrig/xmrig:latest; only the lab's ifilyaninitmo/itdt-contained-frontend:master is run (with or without docker.io/)",
    ]);
    const init = withPodField('initContainers: [{name: init, image: busybox}]');
    expect(rulesOf(deploy({ 'd.yaml': init }).refusals)).toEqual(['image']);
  });

  it('runs pods as the default service account only', () => {
    expect(deploy({ 'd.yaml': withPodField('serviceAccountName: default') }).refusals).toEqual([]);
    const plan = deploy({ 'd.yaml': withPodField('serviceAccountName: daemon-set-controller') });
    expect(plan.refusals.map((r) => r.message)).toEqual([
      "serviceAccountName: daemon-set-controller; pods run as the namespace's default service account",
    ]);
    expect(rulesOf(deploy({ 'd.yaml': withPodField('serviceAccount: admin') }).refusals)).toEqual([
      'service-account',
    ]);
  });

  it('refuses service-account-token Secrets and Services with externalIPs', () => {
    const secret = (type: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: s, annotations: {kubernetes.io/service-account.name: admin}}\ntype: ${type}\n`;
    expect(deploy({ 's.yaml': secret('Opaque') }).refusals).toEqual([]);
    expect(rulesOf(deploy({ 's.yaml': secret('kubernetes.io/service-account-token') }).refusals)).toEqual([
      'secret-type',
    ]);
    const svc = SERVICE.replace('spec: {', 'spec: {externalIPs: [8.8.8.8], ');
    expect(rulesOf(deploy({ 's.yaml': svc }).refusals)).toEqual(['service-external-ips']);
  });

  it('caps replicas at the rubric limit (4)', () => {
    const replicas = (n: number) => deployment((y) => y.replace('replicas: 2', `replicas: ${n}`));
    expect(deploy({ 'd.yaml': replicas(4) }).refusals).toEqual([]);
    expect(deploy({ 'd.yaml': replicas(5) }).refusals.map((r) => r.message)).toEqual([
      'replicas: 5, more than 4',
    ]);
    expect(rulesOf(deploy({ 'd.yaml': replicas(1000) }).refusals)).toEqual(['replicas']);
  });

  it('caps cpu at 1 and memory at 1Gi per container, requests and limits', () => {
    const resources = (r: string) => withContainerField(`resources: ${r}`);
    expect(
      deploy({
        'd.yaml': resources('{limits: {cpu: "1", memory: 1Gi}, requests: {cpu: 1000m, memory: 1024Mi}}'),
      }).refusals,
    ).toEqual([]);
    expect(
      deploy({ 'd.yaml': resources('{requests: {cpu: 1001m}}') }).refusals.map((r) => r.message),
    ).toEqual(['container app: requests.cpu 1001m is more than 1']);
    expect(
      deploy({ 'd.yaml': resources('{limits: {memory: 1025Mi}}') }).refusals.map((r) => r.message),
    ).toEqual(['container app: limits.memory 1025Mi is more than 1Gi']);
    expect(rulesOf(deploy({ 'd.yaml': resources('{requests: {memory: 100Ti}}') }).refusals)).toEqual([
      'resources',
    ]);
    expect(deploy({ 'd.yaml': resources('{requests: {memory: lots}}') }).refusals[0]?.message).toBe(
      'container app: requests.memory lots is not a quantity',
    );
  });

  it('caps the number of objects (20 with the namespace) and their size', () => {
    const many = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`cm${i}.yaml`, configMap(`c${i}`)]));
    expect(deploy(many(19)).refusals).toEqual([]);
    expect(rulesOf(deploy(many(20)).refusals)).toEqual(['object-count']);
    const big = (bytes: number) => {
      const base = JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'big' },
        data: { k: '' },
      }).length;
      return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {k: ${'x'.repeat(bytes - base)}}\n`;
    };
    expect(deploy({ 'cm.yaml': big(65536) }).refusals).toEqual([]);
    expect(deploy({ 'cm.yaml': big(65537) }).refusals.map((r) => r.message)).toEqual([
      '65537 bytes as JSON, more than 65536',
    ]);
  });

  it('refuses what Pod Security "baseline" forbids, in the API server\'s words', () => {
    const plan = deploy({ 'd.yaml': withPodField('hostPID: true') });
    expect(plan.refusals).toEqual([
      {
        step: 'deploy',
        object: 'Deployment web (d.yaml:1)',
        rule: 'pod-security',
        message: 'violates PodSecurity "baseline:latest": host namespaces (hostPID=true)',
      },
    ]);
    expect(
      deploy({ 'd.yaml': withContainerField('securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}') })
        .refusals,
    ).toEqual([]);
    expect(
      deploy({ 'd.yaml': withContainerField('securityContext: {capabilities: {add: [NET_ADMIN]}}') })
        .refusals[0]?.message,
    ).toBe(
      'violates PodSecurity "baseline:latest": non-default capabilities (container "app" must not include "NET_ADMIN" in securityContext.capabilities.add)',
    );
  });

  it('refuses an object defined twice (it would be created once, then patched)', () => {
    const plan = deploy({ 'a.yaml': configMap('cfg'), 'b.yaml': configMap('cfg') });
    expect(plan.refusals.map((r) => `${r.rule}: ${r.message}`)).toEqual([
      'create-only: ConfigMap/cfg is also defined at a.yaml:1',
    ]);
  });

  it('formats refusals one after the other, each with its rule', () => {
    const plan = deploy({
      'd.yaml': withPodField('hostNetwork: true'),
      'cm.yaml': configMap('x', ', namespace: kube-system'),
    });
    expect(formatRefusals(plan.refusals)).toBe(
      'ConfigMap x (cm.yaml:1) [namespace]: metadata.namespace is kube-system: objects go only into the grading namespace lab4 (leave metadata.namespace out); Deployment web (d.yaml:1) [pod-security]: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)',
    );
  });
});

describe('planPools: what the pools step creates', () => {
  const minikube: ClusterFacts = {
    nodes: [
      { name: 'minikube', ip: '192.168.49.2' },
      { name: 'minikube-m02', ip: '192.168.49.3' },
    ],
    existingPools: ['default-ipv4-ippool'],
  };
  const pool = (name: string, cidr: string, api = 'projectcalico.org/v3', extra = '') =>
    `apiVersion: ${api}\nkind: IPPool\nmetadata: {name: ${name}}\nspec: {cidr: ${cidr}, nodeSelector: all()${extra}}\n`;
  const pools = (text: string, cluster = minikube) =>
    planPools(facts({ 'ippool.yaml': text }), defaultRubric, cluster);

  it("accepts the lab's pools", () => {
    const plan = pools(POOLS);
    expect(plan.refusals).toEqual([]);
    expect(plan.create.map((p) => p.pool.name)).toEqual(['rack-0', 'rack-1']);
  });
  it('validates crd.projectcalico.org/v1 pools as calicoctl would, and refuses hostile CIDRs', () => {
    const crd = 'crd.projectcalico.org/v1';
    expect(rulesOf(pools(pool('all', '0.0.0.0/0', crd)).refusals)).toEqual([
      'calicoctl',
      'pool-size',
      'special-range',
      'special-range',
      'special-range',
      'special-range',
      'special-range',
      'reserved-network',
      'reserved-network',
      'reserved-network',
      'reserved-network',
    ]);
    expect(rulesOf(pools(pool('ll', '169.254.0.0/16', crd)).refusals)).toEqual([
      'calicoctl',
      'special-range',
    ]);
    expect(pools(pool('svc', '10.96.0.0/12', crd)).refusals.map((r) => r.message)).toEqual([
      'cidr 10.96.0.0/12 overlaps the service CIDR 10.96.0.0/12',
    ]);
    expect(rulesOf(pools(pool('nodes', '192.168.49.0/24')).refusals)).toEqual([
      'reserved-network',
      'reserved-network',
      'reserved-network',
    ]);
    expect(rulesOf(pools(pool('masked', '192.168.0.1/24')).refusals)).toEqual(['calicoctl']);
  });
  it("refuses a pool holding a node's address on any driver (from the cluster's InternalIPs)", () => {
    const kvm: ClusterFacts = { nodes: [{ name: 'minikube', ip: '192.168.39.10' }], existingPools: [] };
    expect(pools(pool('p', '192.168.39.0/24'), kvm).refusals.map((r) => r.message)).toEqual([
      "cidr 192.168.39.0/24 overlaps node minikube's address 192.168.39.10",
    ]);
    expect(pools(pool('p', '192.168.40.0/24'), kvm).refusals).toEqual([]);
  });
  it('refuses overlapping pools and pools that already exist', () => {
    const overlapping = `${pool('a', '192.168.0.0/23')}---\n${pool('b', '192.168.1.0/24')}`;
    expect(pools(overlapping).refusals.map((r) => `${r.object}: ${r.message}`)).toEqual([
      "IPPool b (ippool.yaml:6): cidr 192.168.1.0/24 overlaps a's 192.168.0.0/23",
    ]);
    const existing = { ...minikube, existingPools: ['default-ipv4-ippool', 'rack-0'] };
    expect(rulesOf(pools(POOLS, existing).refusals)).toEqual(['create-only']);
  });
  it('lets a manifest only disable the default pool', () => {
    const def = (extra: string) =>
      `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: default-ipv4-ippool}\nspec: {cidr: 10.244.0.0/16${extra}}\n`;
    expect(pools(def(', disabled: true')).disableDefault?.patch).toEqual({ spec: { disabled: true } });
    expect(pools(def(', nodeSelector: "!all()"')).disableDefault?.patch).toEqual({
      spec: { nodeSelector: '!all()' },
    });
    const enabled = pools(def(''));
    expect(enabled.disableDefault).toBeUndefined();
    expect(rulesOf(enabled.refusals)).toEqual(['default-pool']);
  });
});

describe('planLabels: which node labels the labels step sets', () => {
  const f = facts({
    'lab4.md': report('kubectl label nodes minikube node-role.kubernetes.io/worker=worker'),
  });
  const label = (key: string) => ({ node: 'minikube', key, value: 'x' });
  it('accepts rack labels and keys in other domains', () => {
    expect(planLabels([label('rack'), label('example.com/rack'), label('zone')], f)).toEqual([]);
  });
  it('refuses keys of Kubernetes, minikube and Calico, naming the report line', () => {
    const keys = [
      'node-role.kubernetes.io/worker',
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
      'minikube.k8s.io/primary',
      'projectcalico.org/IPv4Address',
    ];
    const refused = planLabels(keys.map(label), f);
    expect(rulesOf(refused)).toEqual(keys.map(() => 'node-label'));
    expect(refused[0]?.object).toMatch(
      /^label node-role.kubernetes.io\/worker=x on minikube \(lab4\.md:\d+\)$/,
    );
  });
});
