import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cidrContains } from '../calico/cidr.ts';
import { runAcceptanceScenario } from './acceptance-scenario.ts';

const KUBECTL = '/usr/bin/kubectl';
const hasKubectl = existsSync(KUBECTL);

// Issue acceptance: the whole lab by hand on the emulator, with the real kubectl as the client.
describe.skipIf(!hasKubectl)(
  `the lab by hand on the emulator (real kubectl${hasKubectl ? '' : `: skipped, ${KUBECTL} is missing`})`,
  () => {
    it('gives one pod per rack inside its pool, 0% loss by FQDN, and both pods behind the Service', async () => {
      const r = await runAcceptanceScenario({ kubectl: KUBECTL });
      expect(r.nodes).toMatch(/^minikube\s+Ready\s/m);
      expect(r.nodes).toMatch(/^minikube-m02\s+Ready\s/m);
      const byNode = Object.fromEntries(r.pods.map((p) => [p.node, p.ip]));
      expect(cidrContains('192.168.0.0/24', byNode.minikube ?? '')).toBe(true);
      expect(cidrContains('192.168.1.0/24', byNode['minikube-m02'] ?? '')).toBe(true);
      // busybox format (docs/reference-facts.md, container-tools-output §1)
      expect(r.ping.output).toMatch(
        /^PING \S+\.default\.pod\.cluster\.local \(192\.168\.[01]\.\d+\): 56 data bytes$/m,
      );
      expect(r.ping.output).toContain('3 packets transmitted, 3 packets received, 0% packet loss');
      expect(r.ping.exitCode).toBe(0);
      expect(Object.keys(r.lbCounts)).toHaveLength(2);
    }, 180_000);

    it('with ipam=host-local gives IPs outside the pools, and icmp-blocked gives 100% loss', async () => {
      const r = await runAcceptanceScenario({ kubectl: KUBECTL, faults: 'ipam=host-local,icmp-blocked' });
      for (const p of r.pods) {
        expect(cidrContains('192.168.0.0/24', p.ip) || cidrContains('192.168.1.0/24', p.ip)).toBe(false);
        expect(cidrContains('10.244.0.0/16', p.ip)).toBe(true);
      }
      expect(r.ping.output).toContain('3 packets transmitted, 0 packets received, 100% packet loss');
      expect(r.ping.exitCode).toBe(1);
    }, 180_000);
  },
);
