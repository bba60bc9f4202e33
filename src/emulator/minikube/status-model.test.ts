import { describe, expect, it } from 'vitest';
import { defaultSimOptions } from '../config.ts';
import { buildClusterConfig } from './cluster-config.ts';
import type { SimStatus } from './control-api.ts';
import { nodeStatuses, statusExitCode, statusFormat, statusJson, statusText } from './status-model.ts';

const options = defaultSimOptions({ kubernetesVersion: 'v1.24.3' });
const config = buildClusterConfig({
  options,
  driver: 'docker',
  cni: 'calico',
  memoryMb: 2200,
  cpus: 2,
  verifyComponents: {},
  nodeIps: ['192.168.49.2', '192.168.49.3'],
});
const running: SimStatus = {
  profile: 'minikube',
  apiServer: 'Running',
  nodes: [],
  systemPods: { total: 0, running: 0 },
  runningApps: [],
};

describe('minikube status model', () => {
  it('marshals a healthy 2-node cluster exactly as docs/reference-facts.md, minikube §4', () => {
    const statuses = nodeStatuses({ config, running, kubeconfigMatches: true });
    expect(statusJson(statuses)).toBe(
      '[{"Name":"minikube","Host":"Running","Kubelet":"Running","APIServer":"Running","Kubeconfig":"Configured","Worker":false},{"Name":"minikube-m02","Host":"Running","Kubelet":"Running","APIServer":"Irrelevant","Kubeconfig":"Irrelevant","Worker":true}]',
    );
    expect(statusExitCode(statuses)).toBe(0);
  });

  it('prints the text form of docs/reference-facts.md, minikube §4', () => {
    const text = nodeStatuses({ config, running, kubeconfigMatches: true }).map(statusText).join('');
    expect(text).toBe(
      'minikube\ntype: Control Plane\nhost: Running\nkubelet: Running\napiserver: Running\nkubeconfig: Configured\n\n' +
        'minikube-m02\ntype: Worker\nhost: Running\nkubelet: Running\n\n',
    );
  });

  it('reports a stopped cluster with exit code 7', () => {
    const statuses = nodeStatuses({ config, running: undefined, kubeconfigMatches: false });
    expect(statuses[0]).toEqual({
      Name: 'minikube',
      Host: 'Stopped',
      Kubelet: 'Stopped',
      APIServer: 'Stopped',
      Kubeconfig: 'Stopped',
      Worker: false,
    });
    expect(statusExitCode(statuses)).toBe(7);
  });

  it('flags a stale kubeconfig with exit code 4 and the update-context hint', () => {
    const statuses = nodeStatuses({ config, running, kubeconfigMatches: false });
    expect(statuses[0].Kubeconfig).toBe('Misconfigured');
    expect(statusExitCode(statuses)).toBe(4);
    expect(statusText(statuses[0])).toContain('run `minikube update-context`');
  });

  it('marshals a single node as an object', () => {
    const one = buildClusterConfig({
      ...{ options: { ...options, nodes: 1 } },
      driver: 'docker',
      cni: 'calico',
      memoryMb: 1,
      cpus: 1,
      verifyComponents: {},
    });
    expect(
      JSON.parse(statusJson(nodeStatuses({ config: one, running, kubeconfigMatches: true }))),
    ).toMatchObject({
      Name: 'minikube',
      Worker: false,
    });
  });

  it('fills --format templates', () => {
    const [cp] = nodeStatuses({ config, running, kubeconfigMatches: true });
    expect(statusFormat('{{.Host}}/{{ .APIServer }}', cp)).toBe('Running/Running');
  });
});
