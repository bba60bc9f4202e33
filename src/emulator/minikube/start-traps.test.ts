/**
 * `minikube start` as it traps a student (issue 9, part A), in-process: the Kubernetes range of the
 * minikube release played (exit 106), the resource refusals (exit 23/29), the `start-exit` fault's
 * reasons, advice and issue box. Sources: kubernetes/minikube v1.38.1 (docs/reference-facts.md,
 * minikube §7 and §8) and real outputs quoted in each test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIKUBE_RELEASES, minikubeRelease } from '../../minikube/versions.ts';
import { formatFaults, parseFaults } from '../config.ts';
import { runMinikube } from './main.ts';
import { Console, gitHubIssueBox } from './output.ts';
import { loadClusterConfig } from './profiles.ts';
import { resolveKubernetesVersion } from './start-options.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'start-traps-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return { stream, text: () => text };
}

async function start(args: string[], env: NodeJS.ProcessEnv, color = false) {
  const out = sink();
  const err = sink();
  const full = { MINIKUBE_HOME: path.join(tmp, 'home'), LAB_SIM_TIME_FACTOR: '0', ...env };
  const code = await runMinikube(['start', '--cni', 'calico', ...args], {
    env: { ...full, MINIKUBE_IN_STYLE: color ? 'true' : 'false' },
    stdout: out.stream,
    stderr: err.stream,
  });
  return { code, stdout: out.text(), stderr: err.text(), env: full };
}

describe('the Kubernetes range of each minikube release', () => {
  it('is read from constants.go at each tag: v1.37 and later refuse anything before v1.28.0', () => {
    expect(minikubeRelease('v1.34.0')?.oldestKubernetes).toBe('v1.20.0');
    expect(minikubeRelease('1.37.0')?.oldestKubernetes).toBe('v1.28.0');
    expect(minikubeRelease('v1.38.1')).toMatchObject({
      defaultKubernetes: 'v1.35.1',
      bundledCalico: 'v3.31.3',
    });
    expect(MINIKUBE_RELEASES.map((r) => r.version)).toContain('v1.32.0');
    const v137 = minikubeRelease('v1.37.0');
    expect(resolveKubernetesVersion('v1.24.3', false).version).toBe('v1.24.3');
    expect(resolveKubernetesVersion('v1.28.0', false, v137).version).toBe('v1.28.0');
    expect(() => resolveKubernetesVersion('v1.27.9', false, v137)).toThrow(
      'Kubernetes 1.27.9 is not supported by this release of minikube',
    );
    expect(resolveKubernetesVersion('', false, v137).version).toBe('v1.34.0');
  });

  it("LAB_SIM_MINIKUBE_VERSION=v1.37.0: --kubernetes-version v1.24.3 exits 106 with minikube's words", async () => {
    const r = await start(['-p', 'old-k8s', '--kubernetes-version', 'v1.24.3'], {
      LAB_SIM_MINIKUBE_VERSION: 'v1.37.0',
    });
    expect(r.code).toBe(106);
    expect(r.stdout).toMatch(/^\* minikube v1\.37\.0 on /);
    // cmd/minikube/cmd/start.go validateKubernetesVersion (v1.38.1 lines 1847-1851).
    expect(r.stderr).toBe(
      [
        '! Specified Kubernetes version 1.24.3 is less than the oldest supported version: v1.28.0. Use `minikube config defaults kubernetes-version` for details.',
        '! You can force an unsupported Kubernetes version via the --force flag',
        'X Exiting due to K8S_OLD_UNSUPPORTED: Kubernetes 1.24.3 is not supported by this release of minikube',
        '',
      ].join('\n'),
    );
    expect(await loadClusterConfig(r.env, 'old-k8s')).toBeUndefined();
  });

  it('refuses an unknown release', async () => {
    const r = await start(['-p', 'bad-release'], { LAB_SIM_MINIKUBE_VERSION: 'v1.99.0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('LAB_SIM_MINIKUBE_VERSION must be one of v1.32.0');
  });
});

describe('resource floors (start.go validateRequestedMemorySize, validateCPUCount)', () => {
  it('--memory below 1800 MB exits 23, --cpus below 2 exits 29', async () => {
    const mem = await start(['-p', 'small', '--memory', '1500mb'], {});
    expect(mem.code).toBe(23);
    expect(mem.stderr).toContain(
      'X Exiting due to RSRC_INSUFFICIENT_REQ_MEMORY: Requested memory allocation 1500MiB is less than the usable minimum of 1800MB',
    );
    const cpu = await start(['-p', 'small', '--cpus', '1'], {});
    expect(cpu.code).toBe(29);
    expect(cpu.stderr).toContain(
      'X Exiting due to RSRC_INSUFFICIENT_CORES: Requested cpu count 1 is less than the minimum allowed of 2',
    );
  });
});

describe('the start-exit fault', () => {
  it('parses the codes it plays and formats back', () => {
    expect(parseFaults('start-exit=23').startExit).toBe(23);
    expect(formatFaults(parseFaults('dns-broken,start-exit=55'))).toBe('dns-broken,start-exit=55');
    expect(() => parseFaults('start-exit=42')).toThrow(/start-exit needs one of 23, 29, 55, 80/);
  });

  it('23: RSRC_DOCKER_MEMORY with its multi-line advice and documentation, before any profile', async () => {
    const r = await start(['-p', 'mem'], { LAB_SIM_FAULTS: 'start-exit=23' });
    expect(r.code).toBe(23);
    // reason.go RsrcInsufficientDarwinDockerMemory; out_reason.go indentMultiLine.
    expect(r.stderr).toBe(
      [
        'X Exiting due to RSRC_DOCKER_MEMORY: Docker Desktop only has 1700MiB available, less than the required 1800MiB for Kubernetes',
        '* Suggestion: ',
        '',
        '    1. Click on "Docker for Desktop" menu icon',
        '    2. Click "Preferences"',
        '    3. Click "Resources"',
        '    4. Increase "Memory" slider bar to 2.25 GB or higher',
        '    5. Click "Apply & Restart"',
        '* Documentation: https://docs.docker.com/docker-for-mac/#resources',
        '',
      ].join('\n'),
    );
    expect(await loadClusterConfig(r.env, 'mem')).toBeUndefined();
  });

  it('55 and 29: Docker not running, too few CPUs', async () => {
    const docker = await start(['-p', 'nodocker'], { LAB_SIM_FAULTS: 'start-exit=55' });
    expect([docker.code, docker.stderr.split('\n')[0]]).toEqual([
      55,
      "X Exiting due to DRV_DOCKER_NOT_RUNNING: Found docker, but the docker service isn't running. Try restarting the docker service.",
    ]);
    const cores = await start(['-p', 'nocores'], { LAB_SIM_FAULTS: 'start-exit=29' }, true);
    expect(cores.code).toBe(29);
    expect(cores.stderr).toContain(
      '⛔  Exiting due to RSRC_INSUFFICIENT_CORES: Docker has less than 2 CPUs available',
    );
  });

  it('80: GUEST_START after the profile exists, then the issue box', async () => {
    const r = await start(['-p', 'guest'], { LAB_SIM_FAULTS: 'start-exit=80' }, true);
    expect(r.code).toBe(80);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^❌ {2}Exiting due to GUEST_START: failed to start node: creating host/,
    );
    expect(r.stderr).toContain('😿  If the above advice does not help, please let us know:');
    expect(await loadClusterConfig(r.env, 'guest')).toBeDefined();
  });
});

describe('gitHubIssueBox', () => {
  // Real, colour (minikube v1.3x, a GUEST_IMAGE_LOAD report; the start variant lacks the log-file lines).
  it('draws the Round box of box-cli-maker, emoji two columns wide', () => {
    const box = gitHubIssueBox(new Console(new PassThrough(), new PassThrough(), true));
    expect(box).toBe(
      [
        '╭───────────────────────────────────────────────────────────────────────────────────────────╮',
        '│                                                                                           │',
        '│    😿  If the above advice does not help, please let us know:                             │',
        '│    👉  https://github.com/kubernetes/minikube/issues/new/choose                           │',
        '│                                                                                           │',
        '│    Please run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.    │',
        '│                                                                                           │',
        '╰───────────────────────────────────────────────────────────────────────────────────────────╯',
        '',
      ].join('\n'),
    );
  });

  // Real, no colour (a `minikube start` on a kicbase v0.0.48 machine): Empty lines get "* " too.
  it('prefixes the low-style lines like minikube without colour', () => {
    const box = gitHubIssueBox(new Console(new PassThrough(), new PassThrough(), false));
    expect(box.split('\n').slice(2, 6)).toEqual([
      '│    * If the above advice does not help, please let us know:                                 │',
      '│      https://github.com/kubernetes/minikube/issues/new/choose                               │',
      '│                                                                                             │',
      '│    * Please run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.    │',
    ]);
  });
});
