/**
 * Boundary tests of the live network and service rules (issue 7): ping by IP and by name, DNS,
 * load-balancer spread (p-value threshold, counts per pod), endpoints and the rendered page.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../evidence/schema.ts';
import { STEP } from '../../evidence/schema.ts';
import {
  buildEvidence,
  busyboxNslookupOutput,
  busyboxPingOutput,
  REF,
  withStep,
} from '../../testing/evidence-builder.ts';
import { grade } from '../../testing/live-results.ts';
import { LB_MIN_P_VALUE } from './service-checks.ts';

const pingOf = (e: Evidence, kind: 'ip' | 'fqdn', from = 0) =>
  e.probes.ping.find((p) => p.kind === kind && p.from === REF.pods[from])!;

describe('network.ping-ip at its boundaries', () => {
  it('3 of 3 and 2 of 3 replies pass; 0 of 3 fails', () => {
    expect(grade(buildEvidence())['network.ping-ip']?.status).toBe('pass');
    const oneLost = grade(
      buildEvidence((e) => {
        const p = pingOf(e, 'ip');
        Object.assign(p, { received: 2, lossPct: 33, output: busyboxPingOutput(p.target, p.target, 3, 2) });
      }),
    )['network.ping-ip'];
    expect(oneLost?.status).toBe('pass');
    expect(oneLost?.message).toContain(' 2/3 avg 0.22 ms');
    const allLost = grade(
      buildEvidence((e) => {
        const p = pingOf(e, 'ip');
        Object.assign(p, { received: 0, lossPct: 100, output: busyboxPingOutput(p.target, p.target, 3, 0) });
      }),
    )['network.ping-ip'];
    expect(allLost?.status).toBe('fail');
    expect(allLost?.message).toBe(
      `${REF.pods[0]} (minikube) → ${REF.pods[1]} (minikube-m02) at ${REF.podIPs[1]}: 3 transmitted, 0 received, 100% packet loss`,
    );
    expect(allLost?.hint).toContain('Packets between the racks are lost');
  });

  it('a ping to an address other than the pod IP fails, even when answered', () => {
    const r = grade(
      buildEvidence((e) => {
        const p = pingOf(e, 'ip');
        p.target = '192.168.1.5';
        p.output = busyboxPingOutput('192.168.1.5', '192.168.1.5', 3, 3);
      }),
    )['network.ping-ip'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(`the target is not ${REF.pods[1]}'s IP ${REF.podIPs[1]}`);
  });

  it('a ping to the pod FQDN does not count as the ping by IP (and vice versa)', () => {
    const onlyFqdn = grade(
      buildEvidence((e) => {
        e.probes.ping = e.probes.ping.filter((p) => p.kind === 'fqdn');
      }),
    );
    expect(onlyFqdn['network.ping-ip']?.status).toBe('skip');
    expect(onlyFqdn['network.ping-ip']?.message).toBe(
      'cannot check: no ping by IP was run (fewer than 2 app pods?)',
    );
    expect(onlyFqdn['network.ping-fqdn']?.status).toBe('pass');
    const onlyIp = grade(
      buildEvidence((e) => {
        e.probes.ping = e.probes.ping.filter((p) => p.kind === 'ip');
      }),
    );
    expect(onlyIp['network.ping-fqdn']?.message).toBe(
      'cannot check: no ping by DNS name was run (fewer than 2 app pods?)',
    );
  });

  it('loss between pods on the same node gets the generic hint, not the cross-rack one', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pods[1]!.node = 'minikube';
        const p = pingOf(e, 'ip');
        Object.assign(p, { received: 0, lossPct: 100 });
      }),
    )['network.ping-ip'];
    expect(r?.status).toBe('fail');
    expect(r?.hint).toContain('ping the pod IP from `kubectl exec POD -- ping -c 3 IP`');
  });

  it('skips when the ping step did not run', () => {
    const r = grade(buildEvidence(withStep(STEP.ping, { status: 'skipped' })))['network.ping-ip'];
    expect(r?.status).toBe('skip');
  });
});

describe('network.ping-fqdn at its boundaries', () => {
  it('a name resolving to another pod fails; to the right pod passes', () => {
    const wrong = grade(
      buildEvidence((e) => {
        pingOf(e, 'fqdn').resolvedIp = REF.podIPs[0];
      }),
    )['network.ping-fqdn'];
    expect(wrong?.status).toBe('fail');
    expect(wrong?.message).toContain(
      `the name resolved to ${REF.podIPs[0]}, not ${REF.pods[1]}'s IP ${REF.podIPs[1]}`,
    );
  });

  it('bad address (NXDOMAIN for ping) fails with the DNS hint', () => {
    const r = grade(
      buildEvidence((e) => {
        const p = pingOf(e, 'fqdn');
        Object.assign(p, {
          transmitted: 0,
          received: 0,
          lossPct: 100,
          output: `ping: bad address '${p.target}'\n`,
        });
        delete p.resolvedIp;
      }),
    )['network.ping-fqdn'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(`the name did not resolve (ping: bad address '`);
    expect(r?.hint).toContain('The names did not resolve');
  });

  it('0 transmitted by name without a resolver message is unresolved too; 1 of 3 replies passes', () => {
    const zero = grade(
      buildEvidence((e) => {
        Object.assign(pingOf(e, 'fqdn'), { transmitted: 0, received: 0, lossPct: 0, output: '' });
      }),
    )['network.ping-fqdn'];
    expect(zero?.status).toBe('fail');
    expect(zero?.message).toContain('the name did not resolve');
    expect(zero?.message).not.toContain('bad address');
    const one = grade(
      buildEvidence((e) => {
        Object.assign(pingOf(e, 'fqdn'), { received: 1, lossPct: 66 });
      }),
    )['network.ping-fqdn'];
    expect(one?.status).toBe('pass');
  });
});

describe('dns.service-resolves: answer vs NXDOMAIN', () => {
  const NAME = `${REF.service}.${REF.namespace}.svc.cluster.local`;
  const dns = (patch: Partial<Evidence['probes']['dns'][number]>) =>
    grade(
      buildEvidence((e) => {
        Object.assign(e.probes.dns[0]!, patch);
      }),
    )['dns.service-resolves'];

  it('the ClusterIP in the answer passes, read from the output when no address was recorded', () => {
    expect(dns({})?.status).toBe('pass');
    expect(dns({})?.message).toBe(`${NAME} → ${REF.clusterIP} (from ${REF.pods[0]})`);
    expect(dns({ resolved: [] })?.status).toBe('pass');
  });

  it('NXDOMAIN fails with the name hint', () => {
    const r = dns({
      resolved: [],
      exitCode: 1,
      output: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find ${NAME}: NXDOMAIN\n`,
    });
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(`${NAME} from ${REF.pods[0]}: NXDOMAIN (no such name)`);
    expect(r?.hint).toContain("The Service name is not known to DNS: check the Service's name and namespace");
  });

  it('another address fails; a timeout fails with the CoreDNS hint; no answer fails', () => {
    const other = dns({ resolved: [], output: busyboxNslookupOutput(NAME, '10.96.0.1') });
    expect(other?.status).toBe('fail');
    expect(other?.message).toContain('resolved to 10.96.0.1, not the ClusterIP 10.104.12.34');
    expect(other?.hint).toContain('resolves to another address');
    const timeout = dns({ resolved: [], output: ';; connection timed out; no servers could be reached\n' });
    expect(timeout?.hint).toContain('CoreDNS does not answer');
    const empty = dns({ resolved: [], exitCode: 1, output: 'Server:\t\t10.96.0.10\n' });
    expect(empty?.status).toBe('fail');
    expect(empty?.message).toContain('no address in the answer (exit code 1)');
  });

  it('an answer with the ClusterIP among others passes', () => {
    expect(dns({ resolved: ['10.96.0.1', REF.clusterIP] })?.status).toBe('pass');
  });

  it('skips without a Service or without lookups', () => {
    expect(
      grade(
        buildEvidence((e) => {
          e.probes.dns = [];
        }),
      )['dns.service-resolves']?.status,
    ).toBe('skip');
    expect(
      grade(
        buildEvidence((e) => {
          e.service = null;
        }),
      )['dns.service-resolves']?.status,
    ).toBe('skip');
  });
});

describe('service.lb-spread: the p-value threshold and the counts per pod', () => {
  const tally = (a: number, b: number, extra?: (e: Evidence) => void) =>
    grade(
      buildEvidence((e) => {
        e.probes.lb!.samples = [];
        e.probes.lb!.counts = { [REF.pods[0]]: a, [REF.pods[1]]: b };
        extra?.(e);
      }),
    )['service.lb-spread'];

  it('the threshold is p < 0.001', () => {
    expect(LB_MIN_P_VALUE).toBe(0.001);
  });

  it('24/6 of 30 (p = 0.00102, just above) passes; 25/5 (p = 0.00026) fails', () => {
    const above = tally(24, 6);
    expect(above?.status).toBe('pass');
    expect(above?.message).toContain('p = 1.0e-3 for an even split');
    const below = tally(25, 5);
    expect(below?.status).toBe('fail');
    expect(below?.message).toBe(
      `the split over 30 answered requests is too uneven to be random (${REF.pods[0]} 25, ${REF.pods[1]} 5, p = 2.6e-4 for an even split < 0.001)`,
    );
  });

  it('17/3 of 20 (p = 0.0017) passes; 18/2 (p = 0.00035) fails', () => {
    expect(tally(17, 3)?.status).toBe('pass');
    expect(tally(18, 2)?.status).toBe('fail');
  });

  it('an even split passes with p = 1.00, a usual one with two decimals', () => {
    expect(tally(10, 10)?.message).toContain('p = 1.00 for an even split');
    expect(tally(11, 9)?.message).toContain('p = 0.65 for an even split');
  });

  it('a pod that got none of 20 requests fails; of 19 it cannot conclude', () => {
    const none = tally(20, 0);
    expect(none?.status).toBe('fail');
    expect(none?.message).toContain(`${REF.pods[1]} answered none of 20 requests`);
    const few = tally(19, 0);
    expect(few?.status).toBe('skip');
    expect(few?.message).toContain('fewer than the 20 needed to say a pod gets nothing');
  });

  it('with fewer than 20 answers an uneven split is not judged', () => {
    expect(tally(15, 1)?.status).toBe('pass');
  });

  it('sessionAffinity ClientIP is named when a pod is starved', () => {
    const r = tally(20, 0, (e) => {
      e.service!.sessionAffinity = 'ClientIP';
    });
    expect(r?.hint).toContain('sessionAffinity: ClientIP');
    expect(tally(20, 0)?.hint).not.toContain('sessionAffinity');
  });

  it('counts samples per pod by name, else by IP; an unknown IP is unidentified', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.lb!.samples = [
          ...Array.from({ length: 10 }, () => ({ pod: REF.pods[0], ok: true })),
          ...Array.from({ length: 10 }, () => ({ ip: REF.podIPs[1], ok: true })),
          { ip: '10.0.0.1', ok: true },
          { ok: false, error: 'timeout' },
        ];
      }),
    )['service.lb-spread'];
    expect(r?.status).toBe('pass');
    expect(r?.evidence).toMatchObject({
      counts: { [REF.pods[0]]: 10, [REF.pods[1]]: 10 },
      unidentified: 1,
      answered: 21,
      samples: 22,
    });
    expect(r?.message).toContain('; 1 answers could not be tied to a pod');
  });

  it('no answer at all fails, counting the errors', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.lb!.samples = Array.from({ length: 20 }, () => ({ ok: false, error: 'connection refused' }));
      }),
    )['service.lb-spread'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(
      `none of the 20 requests from the host to http://${REF.nodeIPs[0]}:${REF.nodePort}/ was answered: 20× connection refused`,
    );
  });

  it('an empty tally cannot be judged', () => {
    expect(tally(0, 0)?.status).toBe('skip');
  });
});

describe('service.endpoints at its boundaries', () => {
  it('both pods ready endpoints pass; one missing fails; a stranger fails', () => {
    expect(grade(buildEvidence())['service.endpoints']?.status).toBe('pass');
    const missing = grade(
      buildEvidence((e) => {
        e.endpoints.pop();
      }),
    )['service.endpoints'];
    expect(missing?.status).toBe('fail');
    expect(missing?.message).toBe(`${REF.pods[1]} ${REF.podIPs[1]} is not an endpoint of ${REF.service}`);
    const notReady = grade(
      buildEvidence((e) => {
        e.endpoints[1]!.ready = false;
      }),
    )['service.endpoints'];
    expect(notReady?.status).toBe('fail');
    const stranger = grade(
      buildEvidence((e) => {
        e.endpoints.push({ ip: '192.168.0.99', pod: 'other', node: 'minikube', ready: true });
      }),
    )['service.endpoints'];
    expect(stranger?.status).toBe('fail');
    expect(stranger?.message).toContain('also sends traffic to other, which is not a pod of the Deployment');
  });

  it('no ready endpoint names the pod labels', () => {
    const r = grade(
      buildEvidence((e) => {
        e.endpoints = [];
      }),
    )['service.endpoints'];
    expect(r?.message).toBe(
      `${REF.service} (selector app=lab4-frontend) has no ready endpoint; the pods are labelled app=lab4-frontend,pod-template-hash=6b9c7d8f5d`,
    );
  });

  it('one replica as the only endpoint is fewer than the 2 the lab runs', () => {
    const r = grade(
      buildEvidence((e) => {
        e.pods.pop();
        e.endpoints.pop();
      }),
    )['service.endpoints'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(`${REF.service} has 1 ready endpoint(s), the lab runs 2 replicas`);
  });
});

describe('app.env-rendered at its boundaries', () => {
  const page = (patch: Record<string, unknown>, index = 0) =>
    grade(
      buildEvidence((e) => {
        Object.assign(e.probes.page[index]!, patch);
      }),
    )['app.env-rendered'];
  it('the Deployment values, the pod name and the pod IP pass', () => {
    expect(page({})?.status).toBe('pass');
  });
  it.each([
    [
      'another username',
      { username: 'someone' },
      'REACT_APP_USERNAME shows "someone", the Deployment sets "ivanova-as"',
    ],
    [
      'the company placeholder',
      { company: undefined, placeholders: ['company'] },
      'REACT_APP_COMPANY_NAME shows the placeholder (unset)',
    ],
    ['no company', { company: undefined }, 'REACT_APP_COMPANY_NAME not found on the page'],
    [
      'another container name',
      { containerName: REF.pods[1] },
      `container name shows "${REF.pods[1]}", not the pod name`,
    ],
    ['another IP', { containerIp: REF.podIPs[1] }, `container IP shows "${REF.podIPs[1]}", not the pod IP`],
    ['an error', { error: 'connection refused' }, `${REF.pods[0]}: connection refused`],
  ])('%s fails', (_what, patch, text) => {
    const r = page(patch);
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain(text);
  });
  it('a value that only differs in case fails (the page shows exactly what was set)', () => {
    expect(page({ username: 'Ivanova-as' })?.status).toBe('fail');
  });
  it('without a known expected value only the placeholder is checked', () => {
    const r = grade(
      buildEvidence((e) => {
        delete e.deployment!.env;
        delete e.submission.env;
        e.probes.page[0]!.username = 'anyone';
      }),
    )['app.env-rendered'];
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain(
      '(the expected REACT_APP_USERNAME and REACT_APP_COMPANY_NAME value is unknown',
    );
  });
  it('a ready pod whose page was not fetched fails', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.page.pop();
      }),
    )['app.env-rendered'];
    expect(r?.status).toBe('fail');
    expect(r?.message).toBe(`${REF.pods[1]}: its page was not fetched`);
  });
});
