import { describe, expect, it } from 'vitest';
import { defaultSimOptions } from '../config.ts';
import { calicoConflist, nodeFiles } from './node-files.ts';
import { runNodeCommand, splitWords } from './ssh-shell.ts';

const options = defaultSimOptions({ kubernetesVersion: 'v1.24.3' });
const files = nodeFiles(options, 'minikube-m02');

describe('node files', () => {
  // docs/reference-facts.md, calico-ippool §8: minikube's bundled Calico renders calico-ipam.
  it('renders the calico conflist with calico-ipam and the node name', () => {
    const conf = JSON.parse(files['/etc/cni/net.d/10-calico.conflist']);
    expect(conf.name).toBe('k8s-pod-network');
    expect(conf.plugins.map((p: { type: string }) => p.type)).toEqual(['calico', 'portmap', 'bandwidth']);
    expect(conf.plugins[0]).toMatchObject({
      nodename: 'minikube-m02',
      ipam: { type: 'calico-ipam' },
      mtu: 0,
    });
  });

  it('renders host-local IPAM over the pod CIDR with the fault (docs/reference-facts.md, calico-ippool §8)', () => {
    const conf = JSON.parse(calicoConflist('minikube', true));
    expect(conf.plugins[0].ipam).toEqual({ type: 'host-local', ranges: [[{ subnet: 'usePodCidr' }]] });
  });
});

describe('runNodeCommand', () => {
  it.each([
    ['cat /etc/cni/net.d/10-calico.conflist'],
    ['sudo cat /etc/cni/net.d/10-calico.conflist'],
    ["sudo -E cat '/etc/cni/net.d/10-calico.conflist'"],
  ])('%s prints the conflist', (line) => {
    const r = runNodeCommand(line, files, 'minikube-m02');
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
    expect(r.stdout).toContain('"type": "calico-ipam"');
  });

  it('lists a directory one name per line', () => {
    expect(runNodeCommand('ls /etc/cni/net.d', files, 'minikube-m02')).toEqual({
      stdout: '10-calico.conflist\ncalico-kubeconfig\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('reports missing files like GNU coreutils', () => {
    expect(runNodeCommand('cat /nope', files, 'n')).toMatchObject({
      stderr: 'cat: /nope: No such file or directory\n',
      exitCode: 1,
    });
    expect(runNodeCommand('ls /nope', files, 'n')).toMatchObject({
      stderr: "ls: cannot access '/nope': No such file or directory\n",
      exitCode: 2,
    });
    expect(runNodeCommand('cat /etc/cni', files, 'n').stderr).toBe('cat: /etc/cni: Is a directory\n');
  });

  it("answers unknown commands with bash's command not found (127)", () => {
    expect(runNodeCommand('calicoctl get ippool', files, 'n')).toEqual({
      stdout: '',
      stderr: 'bash: line 1: calicoctl: command not found\n',
      exitCode: 127,
    });
  });

  it('knows the node hostname', () => {
    expect(runNodeCommand('hostname', files, 'minikube-m02').stdout).toBe('minikube-m02\n');
  });

  it('splits words with quotes and escapes', () => {
    expect(splitWords(`cat "a b" 'c d' e\\ f ""`)).toEqual(['cat', 'a b', 'c d', 'e f', '']);
  });
});
