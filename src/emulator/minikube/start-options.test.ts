import { describe, expect, it } from 'vitest';
import { MINIKUBE_BOOL_FLAGS, MINIKUBE_SHORT_FLAGS, MINIKUBE_VALUE_FLAGS } from '../../minikube/start.ts';
import { GLOBAL_FLAGS, parseArgs } from './args.ts';
import { REASONS } from './output.ts';
import {
  buildStartRequest,
  memoryToMb,
  resolveKubernetesVersion,
  resolveRuntime,
  START_FLAGS,
  StartRefused,
  simSettingsFromEnv,
  waitComponents,
} from './start-options.ts';

const parse = (...argv: string[]) => parseArgs(argv, [...START_FLAGS, ...GLOBAL_FLAGS]);

function refusal(fn: () => unknown): StartRefused {
  try {
    fn();
  } catch (e) {
    if (e instanceof StartRefused) return e;
    throw e;
  }
  throw new Error('expected a StartRefused');
}

describe('buildStartRequest', () => {
  it('turns the lab start line into emulator options', () => {
    const req = buildStartRequest(
      parse(
        '--nodes',
        '2',
        '--container-runtime',
        'containerd',
        '--cni',
        'calico',
        '--kubernetes-version',
        'v1.24.3',
      ),
      'minikube',
      { LAB_SIM_TIME_FACTOR: '0', LAB_SIM_FAULTS: 'ipam=host-local' },
    );
    expect(req.options).toMatchObject({
      profile: 'minikube',
      nodes: 2,
      containerRuntime: 'containerd',
      kubernetesVersion: 'v1.24.3',
      // docs/reference-facts.md, minikube §2: minikube v1.34.0 bundles Calico v3.28.1
      calicoVersion: 'v3.28.1',
      minikubeVersion: 'v1.34.0',
      timeFactor: 0,
    });
    expect(req.options.faults.hostLocalIpam).toBe(true);
    expect(req.driver).toBe('docker');
    expect(req.driverFromUser).toBe(false);
    expect(req.warnings).toEqual([]);
  });

  it('defaults: docker runtime, stable Kubernetes v1.31.0 (docs/reference-facts.md, minikube §1), 6m wait', () => {
    const req = buildStartRequest(parse('--cni=calico'), 'lab', {});
    expect(req.options.containerRuntime).toBe('docker');
    expect(req.options.kubernetesVersion).toBe('v1.31.0');
    expect(req.options.nodes).toBe(1);
    expect(req.options.timeFactor).toBe(0.01);
    expect(req.waitTimeoutMs).toBe(360_000);
    expect(req.verifyComponents).toMatchObject({ apiserver: true, system_pods: true, node_ready: false });
  });

  it('warns about --network-plugin=cni but still applies Calico (docs/reference-facts.md, minikube §6)', () => {
    const req = buildStartRequest(parse('--network-plugin=cni', '--cni=calico', '--nodes=2'), 'minikube', {});
    expect(req.warnings).toEqual([
      'With --network-plugin=cni, you will need to provide your own CNI. See --cni flag as a user-friendly alternative',
    ]);
  });

  it.each([['--cni=flannel'], ['--cni=auto'], ['--cni=bridge']])(
    '%s is out of the stand-in scope',
    (flag) => {
      const e = refusal(() => buildStartRequest(parse(flag), 'minikube', {}));
      expect(e.reason).toBe(REASONS.simUnsupported);
      expect(e.message).toContain('supports only --cni=calico');
    },
  );

  it('takes --cni=FILE as a manifest (cni.go NewCustom: os.Stat first), Calico only', () => {
    const missing = refusal(() =>
      buildStartRequest(parse('--cni=/nonexistent/calico.yaml'), 'm1', {}, () => undefined),
    );
    expect(missing.reason).toBe(REASONS.usage);
    expect(missing.message).toContain('stat /nonexistent/calico.yaml: no such file or directory');
    const other = refusal(() =>
      buildStartRequest(
        parse('--cni=/x/flannel.yaml'),
        'm1',
        {},
        () => 'kind: DaemonSet\nmetadata:\n  name: kube-flannel-ds\n',
      ),
    );
    expect(other.reason).toBe(REASONS.simUnsupported);
    const calico = buildStartRequest(
      parse('--cni=/x/calico.yaml'),
      'm1',
      {},
      () =>
        'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n      - name: calico-node\n        image: docker.io/calico/node:v3.24.5\n',
    );
    expect(calico.options.calicoVersion).toBe('v3.24.5');
    expect(calico.options.calicoManifest?.map((o) => o.name)).toEqual(['calico-node']);
  });

  it('starts without a CNI for --network-plugin=cni without --cni (the seed report)', () => {
    expect(buildStartRequest(parse('--network-plugin=cni'), 'm1', {}).options.cni).toBe('none');
  });

  it('refuses a cluster without a CNI', () => {
    expect(
      refusal(() => buildStartRequest(parse('--cni=calico', '--network-plugin=kubenet'), 'm1', {})).message,
    ).toContain('--network-plugin=kubenet');
    // validateCNI runs first for non-docker runtimes.
    const e = refusal(() => buildStartRequest(parse('-c', 'containerd', '--cni=false'), 'm1', {}));
    expect(e.reason).toBe(REASONS.usage);
    expect(e.message).toBe('The "containerd" container runtime requires CNI');
  });

  it('treats --nodes below 1 as one node, like minikube', () => {
    expect(buildStartRequest(parse('--cni=calico', '--nodes=0'), 'm1', {}).options.nodes).toBe(1);
  });

  it('rejects bad LAB_SIM_* settings with plain errors', () => {
    expect(() => buildStartRequest(parse('--cni=calico'), 'm1', { LAB_SIM_FAULTS: 'gremlins' })).toThrow(
      "unknown fault 'gremlins'",
    );
    expect(() => buildStartRequest(parse('--cni=calico'), 'm1', { LAB_SIM_TIME_FACTOR: '-1' })).toThrow(
      'LAB_SIM_TIME_FACTOR',
    );
  });
});

describe('resolveRuntime (start.go validateRuntime)', () => {
  it.each([
    ['', 'docker'],
    ['docker', 'docker'],
    ['containerd', 'containerd'],
    ['cri-o', 'cri-o'],
    ['crio', 'cri-o'],
  ])('%j -> %s', (raw, runtime) => {
    expect(resolveRuntime(raw)).toBe(runtime);
  });

  it("rejects others with minikube's message and MK_USAGE (exit 14)", () => {
    const e = refusal(() => resolveRuntime('rkt'));
    expect(e.message).toBe('Invalid Container Runtime: rkt. Valid runtimes are: [docker cri-o containerd]');
    expect(e.reason.code).toBe(14);
  });
});

describe('resolveKubernetesVersion', () => {
  it.each([
    ['', 'v1.31.0'],
    ['stable', 'v1.31.0'],
    ['latest', 'v1.31.0'],
    ['v1.24.3', 'v1.24.3'],
    ['1.28.2', 'v1.28.2'],
  ])('%j -> %s', (raw, version) => {
    expect(resolveKubernetesVersion(raw, false).version).toBe(version);
  });

  it('completes a two-part version with a note', () => {
    expect(resolveKubernetesVersion('v1.24', false)).toMatchObject({
      version: 'v1.24.0',
      notes: ['Using Kubernetes 1.24.0 since patch version was unspecified'],
    });
  });

  it('refuses versions older than v1.20.0 unless forced', () => {
    const e = refusal(() => resolveKubernetesVersion('v1.19.0', false));
    expect(e.reason.id).toBe('K8S_OLD_UNSUPPORTED');
    expect(e.message).toBe('Kubernetes 1.19.0 is not supported by this release of minikube');
    expect(resolveKubernetesVersion('v1.19.0', true).version).toBe('v1.19.0');
  });

  it('refuses garbage', () => {
    expect(refusal(() => resolveKubernetesVersion('banana', false)).message).toBe(
      'Unable to parse "banana": No Major.Minor.Patch elements found',
    );
  });
});

describe('small parsers', () => {
  it.each([
    ['2200', 2200],
    ['2200mb', 2200],
    ['4g', 4096],
    ['4GB', 4096],
    ['8192m', 8192],
  ])('memory %s = %i MB', (raw, mb) => {
    expect(memoryToMb(raw)).toBe(mb);
  });

  it('interprets --wait like interpretWaitFlag', () => {
    expect(Object.values(waitComponents(['all'])).every(Boolean)).toBe(true);
    expect(Object.values(waitComponents(['none'])).some(Boolean)).toBe(false);
    expect(waitComponents(['node_ready'])).toMatchObject({ node_ready: true, apiserver: false });
  });

  it('reads LAB_SIM_* with defaults', () => {
    expect(simSettingsFromEnv({})).toEqual({
      release: expect.objectContaining({ version: 'v1.34.0', bundledCalico: 'v3.28.1' }),
      timeFactor: 0.01,
      faultsSpec: undefined,
      calicoVersion: 'v3.28.1',
    });
    // Another release brings its own bundled Calico (docs/reference-facts.md, minikube §7).
    expect(simSettingsFromEnv({ LAB_SIM_MINIKUBE_VERSION: 'v1.38.1' }).calicoVersion).toBe('v3.31.3');
    expect(simSettingsFromEnv({ LAB_SIM_CALICO_VERSION: 'v3.26.1', LAB_SIM_SEED: '7' })).toMatchObject({
      calicoVersion: 'v3.26.1',
      seed: 7,
    });
    expect(() => simSettingsFromEnv({ LAB_SIM_CALICO_VERSION: '3.26' })).toThrow('LAB_SIM_CALICO_VERSION');
  });
});

describe('the flag table', () => {
  it("accepts only minikube's own start flags, with their value kinds and short forms", () => {
    for (const f of [...START_FLAGS, ...GLOBAL_FLAGS]) {
      const real = f.type === 'bool' ? MINIKUBE_BOOL_FLAGS : MINIKUBE_VALUE_FLAGS;
      expect(real.has(f.name), `--${f.name} (${f.type})`).toBe(true);
      if (f.short) expect(MINIKUBE_SHORT_FLAGS[f.short], `-${f.short}`).toBe(f.name);
    }
  });
});
