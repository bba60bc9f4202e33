import { describe, expect, it } from 'vitest';
import {
  baselineViolations,
  enforcedPolicy,
  forbiddenDetail,
  forbiddenMessage,
  warningMessage,
} from './pod-security.ts';

const detail = (spec: object, metadata: object = {}) => forbiddenDetail(baselineViolations(metadata, spec));
const c = (name: string, securityContext?: object, extra: object = {}) => ({
  name,
  image: 'i',
  ...(securityContext ? { securityContext } : {}),
  ...extra,
});

describe('baseline violations, as real API servers word them', () => {
  it('lists several checks in the library order (cilium/pwru#583, Kubernetes v1.31.11)', () => {
    // "pods "pwru" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true,
    // hostPID=true), hostPath volumes (volume "sys-kernel-debug"), privileged (container "pwru" must not …"
    const spec = {
      hostNetwork: true,
      hostPID: true,
      volumes: [{ name: 'sys-kernel-debug', hostPath: { path: '/sys/kernel/debug' } }],
      containers: [c('pwru', { privileged: true })],
    };
    expect(forbiddenMessage('pwru', 'baseline:latest', baselineViolations({}, spec))).toBe(
      'pods "pwru" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "sys-kernel-debug"), privileged (container "pwru" must not set securityContext.privileged=true)',
    );
  });
  it('names the host namespace (kubernetes/kubernetes#109096)', () => {
    expect(detail({ hostPID: true, containers: [c('nginx')] })).toBe('host namespaces (hostPID=true)');
    expect(detail({ hostIPC: true, hostNetwork: true })).toBe(
      'host namespaces (hostIPC=true, hostNetwork=true)',
    );
    expect(detail({ hostPID: false, hostNetwork: false, hostIPC: false })).toBe('');
  });
  it('allows the default capabilities and names the others (CrowdStrike/falcon-helm#281)', () => {
    expect(detail({ containers: [c('a', { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN'] } })] })).toBe(
      '',
    );
    expect(
      detail({
        containers: [
          c('crowdstrike-falcon-container', {
            capabilities: { add: ['SYS_PTRACE'] },
            seccompProfile: { type: 'Unconfined' },
          }),
        ],
      }),
    ).toBe(
      'non-default capabilities (container "crowdstrike-falcon-container" must not include "SYS_PTRACE" in securityContext.capabilities.add), seccompProfile (container "crowdstrike-falcon-container" must not set securityContext.seccompProfile.type to "Unconfined")',
    );
    expect(
      detail({
        initContainers: [c('init', { capabilities: { add: ['NET_RAW'] } })],
        containers: [c('app', { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } })],
      }),
    ).toBe(
      'non-default capabilities (containers "init", "app" must not include "NET_ADMIN", "NET_RAW" in securityContext.capabilities.add)',
    );
  });
  it('refuses privileged=true but not privileged=false (kubernetes/kubernetes#109221)', () => {
    expect(detail({ containers: [c('nfs-server', { privileged: false })] })).toBe('');
    expect(detail({ containers: [c('nfs-server', { privileged: true })] })).toBe(
      'privileged (container "nfs-server" must not set securityContext.privileged=true)',
    );
  });
  it('refuses any hostPort but 0 (check_hostPorts.go)', () => {
    expect(detail({ containers: [c('a', undefined, { ports: [{ containerPort: 80, hostPort: 0 }] })] })).toBe(
      '',
    );
    expect(
      detail({ containers: [c('a', undefined, { ports: [{ containerPort: 80, hostPort: 8080 }] })] }),
    ).toBe('hostPort (container "a" uses hostPort 8080)');
    expect(
      detail({
        containers: [
          c('a', undefined, { ports: [{ hostPort: 80 }] }),
          c('b', undefined, { ports: [{ hostPort: 443 }] }),
        ],
      }),
    ).toBe('hostPort (containers "a", "b" use hostPorts 443, 80)');
  });
  it('allows RuntimeDefault and Localhost seccomp, refuses Unconfined on the pod', () => {
    expect(detail({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })).toBe('');
    expect(detail({ containers: [c('a', { seccompProfile: { type: 'Localhost' } })] })).toBe('');
    expect(detail({ securityContext: { seccompProfile: { type: 'Unconfined' } } })).toBe(
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
    );
  });
  it('AppArmor fields and annotations (upstream check_appArmorProfile_test.go)', () => {
    expect(detail({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } })).toBe('');
    expect(detail({ securityContext: { appArmorProfile: { type: 'Unconfined' } } })).toBe(
      'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
    );
    expect(detail({ initContainers: [c('bar', { appArmorProfile: { type: 'Unconfined' } })] })).toBe(
      'forbidden AppArmor profile (container "bar" must not set AppArmor profile type to "Unconfined")',
    );
    const prefix = 'container.apparmor.security.beta.kubernetes.io/';
    expect(
      detail(
        {},
        {
          annotations: {
            [`${prefix}b`]: 'runtime/default',
            [`${prefix}d`]: 'localhost/foo',
            [`${prefix}e`]: 'unconfined',
            [`${prefix}f`]: 'unknown',
          },
        },
      ),
    ).toBe(
      `forbidden AppArmor profiles (annotations must not set AppArmor profile type to "${prefix}e="unconfined"", "${prefix}f="unknown"")`,
    );
  });
  it('sysctls: the safe set of policy 1.29+ passes, others are named', () => {
    const sysctl = (name: string) => ({ securityContext: { sysctls: [{ name, value: '1' }] } });
    expect(detail(sysctl('net.ipv4.tcp_keepalive_time'))).toBe('');
    expect(detail(sysctl('net.ipv4.ip_local_reserved_ports'))).toBe('');
    expect(detail(sysctl('kernel.msgmax'))).toBe('forbidden sysctls (kernel.msgmax)');
  });
  it('procMount, SELinux and Windows hostProcess', () => {
    expect(detail({ containers: [c('a', { procMount: 'Default' })] })).toBe('');
    expect(detail({ containers: [c('a', { procMount: 'Unmasked' })] })).toBe(
      'procMount (container "a" must not set securityContext.procMount to "Unmasked")',
    );
    expect(detail({ containers: [c('a', { seLinuxOptions: { type: 'container_engine_t' } })] })).toBe('');
    expect(detail({ securityContext: { seLinuxOptions: { type: 'spc_t', user: 'root' } } })).toBe(
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    );
    expect(detail({ containers: [c('w', { windowsOptions: { hostProcess: true } })] })).toBe(
      'hostProcess (container "w" must not set securityContext.windowsOptions.hostProcess=true)',
    );
  });
  it('accepts the lab reference pod as it is', () => {
    expect(
      baselineViolations(
        { labels: { app: 'lab4-frontend' } },
        {
          containers: [
            c('frontend', undefined, {
              ports: [{ name: 'http', containerPort: 3000 }],
              resources: { limits: { memory: '512Mi', cpu: '500m' } },
            }),
          ],
        },
      ),
    ).toEqual([]);
  });
});

describe('namespace policy and messages', () => {
  it('reads enforce and its version from the labels (pod-security-admission/api)', () => {
    expect(enforcedPolicy({ 'pod-security.kubernetes.io/enforce': 'baseline' })).toBe('baseline:latest');
    expect(
      enforcedPolicy({
        'pod-security.kubernetes.io/enforce': 'baseline',
        'pod-security.kubernetes.io/enforce-version': 'v1.31',
      }),
    ).toBe('baseline:v1.31');
    expect(enforcedPolicy({ 'pod-security.kubernetes.io/enforce': 'privileged' })).toBeUndefined();
    expect(enforcedPolicy({})).toBeUndefined();
  });
  it('words the warning for pod controllers as admission.go does', () => {
    expect(warningMessage('baseline:latest', [{ reason: 'host namespaces', detail: 'hostPID=true' }])).toBe(
      'would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)',
    );
  });
});
