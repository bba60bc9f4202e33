import { describe, expect, it } from 'vitest';
import { cniIpamType } from './cni.ts';

// minikube v1.34.0 pkg/minikube/cni/calico.yaml as rendered by install-cni (docs/reference-facts.md, calico-ippool §8).
const CALICO_CONFLIST = JSON.stringify({
  name: 'k8s-pod-network',
  cniVersion: '0.3.1',
  plugins: [
    {
      type: 'calico',
      log_level: 'info',
      log_file_path: '/var/log/calico/cni/cni.log',
      datastore_type: 'kubernetes',
      nodename: 'minikube',
      mtu: 0,
      ipam: { type: 'calico-ipam' },
      policy: { type: 'k8s' },
      kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
    },
    { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
  ],
});

describe('cniIpamType', () => {
  it('reads calico-ipam from the minikube conflist (§8)', () => {
    expect(cniIpamType(CALICO_CONFLIST)).toBe('calico-ipam');
  });

  it('reads host-local with usePodCidr (other manifests, §8)', () => {
    const hostLocal = CALICO_CONFLIST.replace(
      '{"type":"calico-ipam"}',
      '{"type":"host-local","subnet":"usePodCidr"}',
    );
    expect(cniIpamType(hostLocal)).toBe('host-local');
  });

  it('reads a single-plugin .conf and a truncated file', () => {
    expect(
      cniIpamType('{"type":"bridge","ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.0.0/16"}]]}}'),
    ).toBe('host-local');
    expect(cniIpamType(`${CALICO_CONFLIST.slice(0, 260)}`)).toBe('calico-ipam');
    expect(cniIpamType('{"plugins":[{"type":"portmap"}]}')).toBeNull();
    expect(cniIpamType('')).toBeNull();
  });
});
