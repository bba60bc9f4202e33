import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import { podFqdn } from '../../probes/names.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { buildSubmission } from '../../submission/read.ts';
import { DEPLOYMENT, POOLS, report } from '../../testing/submission-builder.ts';
import { calicoctlImage, calicoctlObjects, calicoVersionFromImage } from '../calicoctl-pod.ts';
import { gradingNamespaceObject, serviceFromExpose } from './deploy.ts';
import { labelPlan } from './labels.ts';

const facts = (files: Record<string, string>) =>
  deriveFacts(
    buildSubmission(
      '/s',
      '/s',
      Object.entries(files).map(([path, text]) => ({ path, text, size: text.length })),
    ),
    defaultRubric,
  );

describe('labels step plan', () => {
  it("replays the report's labels on the cluster's nodes, mapped by order", () => {
    const f = facts({
      'ippool.yaml': POOLS,
      'lab4.md': report('kubectl label nodes minikube rack=0\nkubectl label nodes minikube-m02 rack=1'),
    });
    expect(labelPlan({ facts: f, nodeNames: ['lab4-ab12cd', 'lab4-ab12cd-m02'] })).toEqual({
      source: 'report',
      labels: [
        { node: 'lab4-ab12cd', key: 'rack', value: '0' },
        { node: 'lab4-ab12cd-m02', key: 'rack', value: '1' },
      ],
    });
  });
  it('infers a label set each selector accepts when the report shows none (pool i on node i)', () => {
    // Block style: the selectors' braces and commas would break a YAML flow mapping.
    const pool = (name: string, cidr: string, selector: string) =>
      `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: ${name}\nspec:\n  cidr: ${cidr}\n  nodeSelector: '${selector}'\n`;
    const pools = `${pool('west', '192.168.0.0/24', 'zone in {"west", "north"}')}---\n${pool('east', '192.168.1.0/24', 'zone == "east" && !has(gpu)')}`;
    const plan = labelPlan({
      facts: facts({ 'ippool.yaml': pools }),
      nodeNames: ['minikube', 'minikube-m02'],
    });
    expect(plan.source).toBe('inferred');
    expect(plan.labels).toEqual([
      { node: 'minikube', key: 'zone', value: 'north' },
      { node: 'minikube-m02', key: 'zone', value: 'east' },
    ]);
  });
});

describe('deploy step', () => {
  it('builds the Service `kubectl expose deployment` would', () => {
    const f = facts({
      'deployment.yaml': DEPLOYMENT,
      'lab4.md': report('kubectl expose deployment web --type=NodePort --port=80 --target-port=3000'),
    });
    expect(serviceFromExpose({ facts: f, namespace: 'default' })).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 3000, protocol: 'TCP' }],
      },
    });
  });
});

describe('the grading namespace', () => {
  // pod-security-admission api/constants.go: the enforce/warn labels and their -version companions.
  it('is created with Pod Security enforced and warned at the rubric level, version latest', () => {
    expect(gradingNamespaceObject('lab4', 'baseline')).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'lab4',
        labels: {
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'baseline',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    });
  });
});

describe('calicoctl pod', () => {
  // docs/reference-facts.md, calico-manifests §2: calicoctl through PATH works on every calico/ctl image; quay.io from v3.31.
  it('matches the running Calico version', () => {
    expect(calicoVersionFromImage('docker.io/calico/node:v3.28.1')).toBe('v3.28.1');
    expect(calicoctlImage('v3.20.0')).toBe('docker.io/calico/ctl:v3.20.0');
    expect(calicoctlImage('v3.31.3')).toBe('quay.io/calico/ctl:v3.31.3');
    const pod = calicoctlObjects('v3.28.1').find((o) => o.kind === 'Pod') as {
      spec: { hostNetwork: boolean; containers: { command: string[] }[] };
    };
    expect(pod.spec.hostNetwork).toBe(true);
    expect(pod.spec.containers[0]?.command).toEqual(['calicoctl']);
  });
});

describe('small helpers', () => {
  it('names pod A records as CoreDNS serves them', () => {
    // docs/reference-facts.md, kubectl-and-pods §5: a-b-c-d.NS.pod.cluster.local
    expect(podFqdn('192.168.1.4', 'default')).toBe('192-168-1-4.default.pod.cluster.local');
  });
});
