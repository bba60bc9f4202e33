/**
 * The cluster step's traps on a student's machine (issue 9, part A): a `--profile` of an existing
 * cluster is never deleted, KUBECONFIG is split as the OS splits it, and a Calico version gets the
 * manifest its tag really has. The profile test runs the stand-in `bin/minikube` and the engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Minikube } from '../../cluster/minikube.ts';
import { simEnv, standInCommand } from '../../minikube/stand-in.ts';
import { liveConfigFromEnv } from '../config.ts';
import { LiveGrade } from '../engine.ts';
import type { LiveState } from '../state.ts';
import { calicoManifestUrl, isCalicoManifest } from './calico-manifest.ts';
import { cniFlag, firstKubeconfig } from './provision.ts';

describe('firstKubeconfig', () => {
  it('splits KUBECONFIG on the OS path delimiter: ";" on Windows, where "C:\\…" holds a colon', () => {
    // minikube writes to the first entry (client-go's loading rules; docs/reference-facts.md, minikube §8).
    const win = 'C:\\Users\\s\\.kube\\config;D:\\other\\config';
    expect(firstKubeconfig({ KUBECONFIG: win }, ';')).toBe('C:\\Users\\s\\.kube\\config');
    expect(firstKubeconfig({ KUBECONFIG: '/a/config:/b/config' }, ':')).toBe('/a/config');
    expect(firstKubeconfig({ KUBECONFIG: [`/x/k`, '/y/k'].join(path.delimiter) })).toBe('/x/k');
    expect(firstKubeconfig({ HOME: '/h' })).toBe(path.join(os.homedir(), '.kube', 'config'));
  });
});

describe('Calico manifest per version', () => {
  // Tags read in projectcalico/calico (docs/reference-facts.md, calico-manifests §1 and §6).
  it('takes manifests/calico.yaml from v3.24 and the docs archive for v3.20 to v3.23', () => {
    expect(calicoManifestUrl('v3.28.1')).toBe(
      'https://raw.githubusercontent.com/projectcalico/calico/v3.28.1/manifests/calico.yaml',
    );
    expect(calicoManifestUrl('v3.24.0')).toContain('/v3.24.0/manifests/calico.yaml');
    expect(calicoManifestUrl('v3.23.5')).toBe(
      'https://docs.projectcalico.org/archive/v3.23/manifests/calico.yaml',
    );
    expect(calicoManifestUrl('v3.22.0')).toBe(
      'https://docs.projectcalico.org/archive/v3.22/manifests/calico.yaml',
    );
    expect(() => calicoManifestUrl('v3.19.1')).toThrow(/before v3.20 are not supported/);
    expect(() => calicoManifestUrl('3.28')).toThrow(/builtin or vX.Y.Z/);
  });

  it('tells a rendered manifest from the Jekyll template v3.22 keeps at calico/manifests/calico.yaml', () => {
    const template =
      '---\nlayout: null\n---\n{% helm %}\ndatastore: kubernetes\nnetwork: calico\n{% endhelm %}\n';
    const rendered =
      'kind: DaemonSet\napiVersion: apps/v1\nmetadata:\n  name: calico-node\n  namespace: kube-system\n';
    expect(isCalicoManifest(template)).toBe(false);
    expect(isCalicoManifest(rendered)).toBe(true);
    expect(isCalicoManifest('404: Not Found')).toBe(false);
  });

  afterEach(() => vi.unstubAllGlobals());

  it('reports a 404 as a missing manifest of that version', async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response('404: Not Found', { status: 404 });
    });
    const s = { tempDirs: [] } as unknown as LiveState;
    await expect(cniFlag('v3.24.9', 'minikube', s)).rejects.toThrow(
      /Calico v3\.24\.9 has no manifest at https:\/\/raw\.githubusercontent\.com\/projectcalico\/calico\/v3\.24\.9\/manifests\/calico\.yaml \(HTTP 404 Not Found\)/,
    );
    expect(fetched).toHaveLength(1);
    vi.stubGlobal('fetch', async () => new Response('{% helm %}\n', { status: 200 }));
    await expect(cniFlag('v3.24.9', 'minikube', s)).rejects.toThrow(/is not a Calico manifest/);
  });
});

describe('--profile of an existing cluster', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const PROFILE = 'students-own';

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'lab-grader-own-profile-'));
    env = { ...process.env, ...simEnv({ home }), LAB_SIM_TIME_FACTOR: '0', LAB_SIM_FAULTS: '' };
    // The student's own 1-node cluster, made before any grade.
    const r = await execa(
      standInCommand(),
      ['start', '-p', PROFILE, '--nodes', '1', '--cni', 'calico', '--container-runtime', 'containerd'],
      { env, reject: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await execa(standInCommand(), ['delete', '-p', PROFILE], { env, reject: false });
    await rm(home, { recursive: true, force: true });
  }, 60_000);

  async function gradeClusterStep(extra: NodeJS.ProcessEnv) {
    const config = liveConfigFromEnv({
      LAB_SIM_HOME: home,
      LAB_PROFILE: PROFILE,
      LAB_SIM_TIME_FACTOR: '0',
      ...extra,
    });
    const grade = await LiveGrade.open(config, { signals: false });
    const step = await grade.runStep('cluster');
    await grade.finish();
    return step;
  }

  async function profileNodes(): Promise<number | undefined> {
    const profiles = await Minikube.locate({ env }).profiles();
    return profiles.find((p) => p.name === PROFILE && p.status === 'Running')?.nodes;
  }

  it('refuses it without --keep, says why and what to do, and leaves it running', async () => {
    const step = await gradeClusterStep({});
    expect(step.status).toBe('failed');
    expect(step.error).toContain(`minikube profile ${PROFILE} exists already`);
    expect(step.error).toContain('--keep');
    expect(step.error).toContain(`--cluster existing --context ${PROFILE}`);
    expect(await profileNodes()).toBe(1);
  }, 60_000);

  it('with --keep, starts it, sees minikube keep its 1 node (minikube warns), and still leaves it intact', async () => {
    const step = await gradeClusterStep({ LAB_KEEP: '1' });
    expect(step.status).toBe('failed');
    expect(step.error).toContain(`minikube profile ${PROFILE} has 1 node and the lab needs 2`);
    expect(await profileNodes()).toBe(1);
  }, 60_000);
});
