/**
 * End to end: bin/minikube through execa (as the harness calls it), the real kubectl against
 * the emulated API server, several profiles at once. Each run has its own HOME, MINIKUBE_HOME
 * and KUBECONFIG; every profile is deleted in afterAll.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { standInTestEnv } from '../test-support/stand-in-env.ts';
import { isProcessAlive } from './daemon-client.ts';

const MINIKUBE = fileURLToPath(new URL('../../../bin/minikube', import.meta.url));
const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);

let tmp: string;
let env: NodeJS.ProcessEnv;

function minikube(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return execa(MINIKUBE, args, { env: { ...env, ...extraEnv }, reject: false, timeout: 120_000, cwd: tmp });
}

function kubectl(args: string[]) {
  return execa(KUBECTL, args, { env, reject: false, timeout: 60_000 });
}

/** The process has ended: gone, or a zombie its new parent (init) has not reaped yet. */
async function hasEnded(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (!isProcessAlive(pid)) return true;
    try {
      if (/^\d+ \(.*\) Z/.test(await readFile(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

async function daemonPid(profile: string): Promise<number> {
  const file = path.join(env.MINIKUBE_HOME as string, 'profiles', profile, 'daemon.json');
  return JSON.parse(await readFile(file, 'utf8')).pid;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'mk-cli-'));
  env = standInTestEnv(tmp);
});

afterAll(async () => {
  if (env) await minikube(['delete', '--all']);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('minikube stand-in: usage errors', () => {
  it('rejects unknown flags like cobra, exit 14 (reason.ExProgramUsage)', async () => {
    const r = await minikube(['start', '--bogus']);
    expect(r.exitCode).toBe(14);
    expect(r.stderr).toMatch(/^Error: unknown flag: --bogus$/m);
  });

  it('rejects an invalid container runtime with MK_USAGE', async () => {
    const r = await minikube(['start', '--container-runtime=rkt', '--cni=calico']);
    expect(r.exitCode).toBe(14);
    expect(r.stderr).toContain(
      'X Exiting due to MK_USAGE: Invalid Container Runtime: rkt. Valid runtimes are: [docker cri-o containerd]',
    );
  });

  it('refuses clusters without Calico and bad LAB_SIM_FAULTS with exit 1, creating nothing', async () => {
    const noCalico = await minikube(['start', '--nodes=2']);
    expect(noCalico.exitCode).toBe(1);
    expect(noCalico.stderr).toContain('supports only --cni=calico');
    const badFault = await minikube(['start', '--cni=calico'], { LAB_SIM_FAULTS: 'gremlins' });
    expect(badFault.exitCode).toBe(1);
    expect(badFault.stderr).toContain("unknown fault 'gremlins'");
    expect((await minikube(['profile', 'list', '-o', 'json'])).stdout).toBe('{"invalid":[],"valid":[]}');
  });

  it('reports a missing profile with exit 85', async () => {
    const r = await minikube(['status', '-p', 'ghost']);
    expect(r.exitCode).toBe(85);
    expect(r.stdout).toContain('Profile "ghost" not found.');
  });

  it('prints its version', async () => {
    const r = await minikube(['version']);
    expect(r.stdout).toBe('minikube version: v1.34.0\ncommit: 210b148df93a80eb872ecbeb7e35281b3c582c61');
  });
});

describe('minikube stand-in: the lab cluster', () => {
  it('starts 2 nodes with containerd and Calico', async () => {
    const r = await minikube([
      'start',
      '--nodes',
      '2',
      '--container-runtime',
      'containerd',
      '--cni',
      'calico',
      '--kubernetes-version',
      'v1.24.3',
    ]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // docs/reference-facts.md, minikube §6, with the "* " prefixes minikube uses without a colour terminal
    expect(r.stdout).toContain('* Starting "minikube" primary control-plane node in "minikube" cluster');
    expect(r.stdout).toContain('* Preparing Kubernetes v1.24.3 on containerd');
    expect(r.stdout).toContain('* Configuring Calico (Container Networking Interface) ...');
    expect(r.stdout).toContain('* Starting "minikube-m02" worker node in "minikube" cluster');
    expect(r.stdout).toContain('  - NO_PROXY=192.168.49.2');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      '* Done! kubectl is now configured to use "minikube" cluster and "default" namespace by default',
    );
    const kubeconfig = YAML.parse(await readFile(env.KUBECONFIG as string, 'utf8'));
    expect(kubeconfig['current-context']).toBe('minikube');
  });

  it.skipIf(!hasKubectl)(
    'lets the real kubectl see both nodes Ready (skipped without /usr/bin/kubectl)',
    async () => {
      const r = await kubectl(['get', 'nodes']);
      expect(r.exitCode).toBe(0);
      const rows = r.stdout
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/));
      expect(rows.map((c) => [c[0], c[1]])).toEqual([
        ['minikube', 'Ready'],
        ['minikube-m02', 'Ready'],
      ]);
    },
  );

  it.skipIf(!hasKubectl)('runs kubectl through `minikube kubectl --`', async () => {
    const r = await minikube(['kubectl', '--', 'get', 'nodes', '-o', 'name']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('node/minikube\nnode/minikube-m02');
  });

  it('prints status -o json in the shape of docs/reference-facts.md, minikube §4', async () => {
    const r = await minikube(['status', '-o', 'json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        Name: 'minikube',
        Host: 'Running',
        Kubelet: 'Running',
        APIServer: 'Running',
        Kubeconfig: 'Configured',
        Worker: false,
      },
      {
        Name: 'minikube-m02',
        Host: 'Running',
        Kubelet: 'Running',
        APIServer: 'Irrelevant',
        Kubeconfig: 'Irrelevant',
        Worker: true,
      },
    ]);
  });

  it('lists the profile as JSON like docs/reference-facts.md, minikube §5', async () => {
    const r = await minikube(['profile', 'list', '-o', 'json']);
    const body = JSON.parse(r.stdout);
    expect(Object.keys(body)).toEqual(['invalid', 'valid']);
    expect(body.invalid).toEqual([]);
    const [p] = body.valid;
    expect(p).toMatchObject({ Name: 'minikube', Status: 'Running', Active: true, ActiveKubeContext: true });
    expect(p.Config.Nodes).toEqual([
      {
        Name: '',
        IP: '192.168.49.2',
        Port: 8443,
        KubernetesVersion: 'v1.24.3',
        ContainerRuntime: 'containerd',
        ControlPlane: true,
        Worker: true,
      },
      {
        Name: 'm02',
        IP: '192.168.49.3',
        Port: 8443,
        KubernetesVersion: 'v1.24.3',
        ContainerRuntime: 'containerd',
        ControlPlane: false,
        Worker: true,
      },
    ]);
    expect(p.Config.KubernetesConfig).toMatchObject({
      NetworkPlugin: 'cni',
      CNI: 'calico',
      ContainerRuntime: 'containerd',
    });
  });

  it('shows the CNI config through ssh (calico-ipam, docs/reference-facts.md, calico-ippool §8)', async () => {
    const r = await minikube([
      'ssh',
      '-n',
      'minikube-m02',
      '--',
      'sudo',
      'cat',
      '/etc/cni/net.d/10-calico.conflist',
    ]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).plugins[0]).toMatchObject({
      nodename: 'minikube-m02',
      ipam: { type: 'calico-ipam' },
    });
    const missing = await minikube(['ssh', '--', 'calicoctl', 'get', 'ippool']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      'bash: line 1: calicoctl: command not found\nssh: Process exited with status 127',
    );
  });

  it('answers ip and node list from the profile', async () => {
    expect((await minikube(['ip'])).stdout).toBe('192.168.49.2');
    expect((await minikube(['ip', '-n', 'm02'])).stdout).toBe('192.168.49.3');
    expect((await minikube(['node', 'list'])).stdout).toBe(
      'minikube\t192.168.49.2\nminikube-m02\t192.168.49.3',
    );
    const bad = await minikube(['ip', '-n', 'minikube-m07']);
    expect(bad.exitCode).toBe(85);
    expect(bad.stderr).toContain('GUEST_NODE_RETRIEVE');
  });

  it('prints service URLs and refuses unknown services with SVC_NOT_FOUND', async () => {
    const ok = await minikube(['service', 'kubernetes', '--url']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const missing = await minikube(['service', 'nope', '--url']);
    expect(missing.exitCode).toBe(115);
    expect(missing.stderr).toContain("Service 'nope' was not found in 'default' namespace.");
  });

  it('keeps the context on update-context', async () => {
    const r = await minikube(['update-context']);
    expect(r.exitCode).toBe(0);
    // Meh's low prefix is "! " (style.go); Kubectl's is "* ".
    expect(r.stdout).toBe(
      '! No changes required for the "minikube" context\n* Current context is "minikube"',
    );
  });

  it('is a no-op when started again', async () => {
    const pid = await daemonPid('minikube');
    const r = await minikube(['start', '--nodes=2', '--cni=calico']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('* Using the docker driver based on existing profile');
    expect(r.stdout).toContain('* Done!');
    expect(await daemonPid('minikube')).toBe(pid);
  });
});

describe('minikube stand-in: several profiles', () => {
  it('runs a second profile with its own daemon, port and faults', async () => {
    const r = await minikube(['start', '-p', 'lab2', '--cni=calico'], { LAB_SIM_FAULTS: 'ipam=host-local' });
    expect(r.exitCode).toBe(0);
    const conflist = await minikube(['-p', 'lab2', 'ssh', 'cat /etc/cni/net.d/10-calico.conflist']);
    expect(JSON.parse(conflist.stdout).plugins[0].ipam).toEqual({
      type: 'host-local',
      ranges: [[{ subnet: 'usePodCidr' }]],
    });

    const kubeconfig = YAML.parse(await readFile(env.KUBECONFIG as string, 'utf8'));
    const servers = Object.fromEntries(
      kubeconfig.clusters.map((c: { name: string; cluster: { server: string } }) => [
        c.name,
        c.cluster.server,
      ]),
    );
    expect(Object.keys(servers).sort()).toEqual(['lab2', 'minikube']);
    expect(servers.lab2).not.toBe(servers.minikube);
    expect(kubeconfig['current-context']).toBe('lab2');
    expect((await minikube(['status', '-o', 'json'])).exitCode).toBe(0);
    expect(JSON.parse((await minikube(['status', '-o', 'json', '-p', 'lab2'])).stdout)).toMatchObject({
      Name: 'lab2',
    });
  });

  it('fails start --wait=all with GUEST_START (exit 80) when a node stays NotReady', async () => {
    const r = await minikube(['start', '-p', 'notready', '--cni=calico', '--nodes=2', '--wait=all'], {
      LAB_SIM_FAULTS: 'node-not-ready',
    });
    expect(r.exitCode).toBe(80);
    expect(r.stderr).toContain(
      'X Exiting due to GUEST_START: failed to start node: wait 6m0s for node: waiting for node to be ready',
    );
    const status = JSON.parse((await minikube(['status', '-p', 'notready', '-o', 'json'])).stdout);
    expect(status.map((s: { Name: string }) => s.Name)).toEqual(['notready', 'notready-m02']);
    expect((await minikube(['delete', '-p', 'notready'])).exitCode).toBe(0);
  });

  it('stops a profile: status exit 7, listed as Stopped, context removed', async () => {
    const pid = await daemonPid('lab2');
    const stop = await minikube(['stop', '-p', 'lab2']);
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toContain('* 1 node stopped.');
    expect(await hasEnded(pid)).toBe(true);
    const status = await minikube(['status', '-p', 'lab2', '-o', 'json']);
    expect(status.exitCode).toBe(7);
    expect(JSON.parse(status.stdout)).toMatchObject({ Host: 'Stopped' });
    const list = JSON.parse((await minikube(['profile', 'list', '-o', 'json'])).stdout);
    expect(list.valid.map((p: { Name: string; Status: string }) => [p.Name, p.Status])).toEqual([
      ['lab2', 'Stopped'],
      ['minikube', 'Running'],
    ]);
  });

  it('delete --all removes every profile, daemon and context', async () => {
    const pid = await daemonPid('minikube');
    const r = await minikube(['delete', '--all']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('* Deleting "minikube" in docker ...');
    expect(r.stdout).toContain('* Removed all traces of the "minikube" cluster.');
    expect(await hasEnded(pid)).toBe(true);
    expect((await minikube(['profile', 'list', '-o', 'json'])).stdout).toBe('{"invalid":[],"valid":[]}');
    const kubeconfig = YAML.parse(await readFile(env.KUBECONFIG as string, 'utf8'));
    expect(kubeconfig.clusters).toEqual([]);
    expect(kubeconfig['current-context']).toBe('');
  });
});
