import { describe, expect, it } from 'vitest';
import { labCluster, POD_A, pod } from '../test-support/lab-cluster.ts';
import { calicoctlPath } from './handler.ts';

describe('exec handler', () => {
  it('fails programs missing from the image like containerd does (InternalError from the runtime)', async () => {
    const { exec } = labCluster();
    await expect(exec(POD_A, ['curl', 'http://x'])).rejects.toThrow(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in \$PATH: unknown$/,
    );
  });

  it('reports exit code 126 with the docker runtime', async () => {
    const { exec } = labCluster({}, { containerRuntime: 'docker' });
    expect(await exec(POD_A, ['bash'])).toEqual({
      stdout: '',
      stderr:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown\n',
      exitCode: 126,
    });
  });

  it('runs applets by absolute path and starts in the image WORKDIR', async () => {
    const { exec } = labCluster();
    expect((await exec(POD_A, ['/bin/hostname'])).stdout).toBe(`${POD_A}\n`);
    expect((await exec(POD_A, ['pwd'])).stdout).toBe('/frontend\n');
  });

  it('has no shell in the calicoctl image and a version-dependent binary path (docs/reference-facts.md, calico-manifests §2)', async () => {
    const { exec } = labCluster({}, { containerRuntime: 'docker' });
    const noShell = await exec('calicoctl', ['sh'], { namespace: 'kube-system' });
    expect(noShell.stderr).toContain('exec: "sh": executable file not found in $PATH');
    const oldPath = await exec('calicoctl', ['/calicoctl', 'version'], { namespace: 'kube-system' });
    expect(oldPath).toMatchObject({ exitCode: 126 });
    expect(oldPath.stderr).toContain('exec: "/calicoctl": stat /calicoctl: no such file or directory');
    expect(
      (await exec('calicoctl', ['/usr/bin/calicoctl', 'version'], { namespace: 'kube-system' })).exitCode,
    ).toBe(0);
    expect(calicoctlPath('v3.27.3')).toBe('/calicoctl');
    expect(calicoctlPath('v3.28.0')).toBe('/usr/bin/calicoctl');
  });

  it('merges stderr into stdout with CRLF line ends under a TTY', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['sh', '-c', 'echo out; ping -c 1 nosuch'], { tty: true });
    expect(r).toEqual({ stdout: "out\r\nping: bad address 'nosuch'\r\n", stderr: '', exitCode: 1 });
  });

  it('refuses pods whose container is not running', async () => {
    const { exec, store } = labCluster();
    const pending = pod({ name: 'pending', node: 'minikube', ip: '' });
    pending.status = { phase: 'Pending' };
    store.create('pods', pending);
    await expect(exec('pending', ['hostname'])).rejects.toThrow('container not found ("frontend")');
  });

  it('serves kubelet-managed files', async () => {
    const { exec } = labCluster();
    const hosts = (await exec(POD_A, ['cat', '/etc/hosts'])).stdout;
    expect(hosts.startsWith('# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n')).toBe(true);
    expect(hosts.endsWith(`192.168.0.68\t${POD_A}\n`)).toBe(true);
    expect((await exec(POD_A, ['cat', '/nope'])).stderr).toBe(
      "cat: can't open '/nope': No such file or directory\n",
    );
  });

  it('shows the pod IP on eth0 as a /32 (docs/reference-facts.md, container-tools-output §5)', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['ip', '-4', 'addr', 'show', 'eth0']);
    expect(r.stdout).toMatch(
      /^4: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1480 qdisc noqueue state UP \n {4}inet 192\.168\.0\.68\/32 scope global eth0\n {7}valid_lft forever preferred_lft forever\n$/,
    );
  });

  it('lists the env from the pod spec', async () => {
    const { exec } = labCluster();
    const r = await exec(POD_A, ['env']);
    expect(r.stdout).toContain('REACT_APP_USERNAME=ivanov\n');
    expect(r.stdout).toContain(`HOSTNAME=${POD_A}\n`);
  });
});
