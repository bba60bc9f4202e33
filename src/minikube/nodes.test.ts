import { describe, expect, it } from 'vitest';
import { nodeIp } from './network.ts';
import { compareNodeNames, configNodeName, nodeLabels, nodeName, nodeNames, nodeNumber } from './nodes.ts';
import { startArgs } from './start.ts';

// docs/reference-facts.md, minikube §3 and §5.
describe("minikube's nodes", () => {
  it('names nodes after the profile: the primary bare, the others -m02, -m03 …', () => {
    expect(nodeNames('minikube', 3)).toEqual(['minikube', 'minikube-m02', 'minikube-m03']);
    expect(nodeNames('multinode-demo', 2)).toEqual(['multinode-demo', 'multinode-demo-m02']);
    expect(nodeName('p', 11)).toBe('p-m12');
    expect(nodeName('p', 99)).toBe('p-m100');
    expect([0, 1, 2].map(configNodeName)).toEqual(['', 'm02', 'm03']);
  });

  it('reads the node number off a -mNN suffix, and nothing off other names', () => {
    expect(nodeNumber('minikube-m02')).toBe(2);
    expect(nodeNumber('lab4-ab12cd-m03')).toBe(3);
    expect(nodeNumber('node-m2')).toBe(2);
    expect(nodeNumber('minikube')).toBeUndefined();
    expect(nodeNumber('minikube-m')).toBeUndefined();
    expect(nodeNumber('minikube-m02x')).toBeUndefined();
    for (const [i, name] of nodeNames('x', 12).entries()) if (i > 0) expect(nodeNumber(name)).toBe(i + 1);
  });

  it('orders nodes primary first, then by number (not by text: m10 after m09)', () => {
    const names = nodeNames('m', 10);
    expect([...names].reverse().sort(compareNodeNames)).toEqual(names);
    expect(['m-m03', 'm', 'm-m02'].sort(compareNodeNames)).toEqual(['m', 'm-m02', 'm-m03']);
  });

  it("labels the primary as the control plane and every node with the profile's name", () => {
    expect(nodeLabels('minikube', 0)).toMatchObject({
      'kubernetes.io/hostname': 'minikube',
      'minikube.k8s.io/name': 'minikube',
      'minikube.k8s.io/primary': 'true',
      'node-role.kubernetes.io/control-plane': '',
    });
    const worker = nodeLabels('minikube', 1);
    expect(worker).toMatchObject({
      'kubernetes.io/hostname': 'minikube-m02',
      'minikube.k8s.io/primary': 'false',
    });
    expect(worker).not.toHaveProperty('node-role.kubernetes.io/control-plane');
  });

  it('addresses nodes from 192.168.49.2 up', () => {
    expect([0, 1, 2].map(nodeIp)).toEqual(['192.168.49.2', '192.168.49.3', '192.168.49.4']);
  });
});

describe('minikube start', () => {
  it("builds the lab's command line", () => {
    expect(startArgs({ profile: 'lab4', nodes: 2, containerRuntime: 'containerd', cni: 'calico' })).toEqual([
      'start',
      '-p',
      'lab4',
      '--nodes',
      '2',
      '--container-runtime',
      'containerd',
      '--cni',
      'calico',
      '--wait=all',
    ]);
    expect(
      startArgs({
        profile: 'p',
        nodes: 1,
        containerRuntime: 'docker',
        cni: 'calico',
        kubernetesVersion: 'v1.24.3',
        driver: 'docker',
        wait: false,
        extraArgs: ['--memory=2g'],
      }).slice(9),
    ).toEqual(['--kubernetes-version', 'v1.24.3', '--driver', 'docker', '--memory=2g']);
  });
});
