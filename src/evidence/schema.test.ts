import { describe, expect, it } from 'vitest';
import { parseNslookup } from '../probes/parse/nslookup.ts';
import { parseBusyboxPing } from '../probes/parse/ping.ts';
import {
  buildEvidence,
  calicoNotReady,
  defaultPoolKept,
  dnsBroken,
  hostLocalIpam,
  icmpBlocked,
  podsBeforePools,
  REF,
  referenceEvidence,
  rolloutTimeout,
} from '../testing/evidence-builder.ts';
import { EvidenceError, parseEvidence, STEP } from './schema.ts';

describe('parseEvidence', () => {
  it('round-trips the reference bundle and every broken variant', () => {
    const bundles = [
      referenceEvidence(),
      ...[
        hostLocalIpam,
        defaultPoolKept,
        podsBeforePools,
        icmpBlocked,
        dnsBroken,
        calicoNotReady,
        rolloutTimeout,
      ].map((m) => buildEvidence(m)),
    ];
    for (const b of bundles) expect(parseEvidence(JSON.stringify(b))).toEqual(b);
  });

  it('records every driver step, in order', () => {
    expect(referenceEvidence().steps.map((s) => s.name)).toEqual(Object.values(STEP));
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseEvidence('{"schema":', 'evidence.json')).toThrow(/evidence\.json: not valid JSON/);
  });

  it('rejects another document, naming what it is', () => {
    expect(() => parseEvidence(JSON.stringify({ schema: 'kube-lab-grader/result@1' }))).toThrow(
      /not a kube-lab-grader\/evidence@1 bundle \(schema "kube-lab-grader\/result@1"\)/,
    );
    expect(() => parseEvidence('[]')).toThrow(EvidenceError);
    expect(() => parseEvidence('{}')).toThrow(/no "schema" field/);
  });

  it('names the bad fields of a damaged bundle', () => {
    const e = referenceEvidence() as unknown as Record<string, unknown>;
    (e.nodes as Record<string, unknown>[])[1]!.ready = 'yes';
    delete e.pods;
    const err = (() => {
      try {
        parseEvidence(JSON.stringify(e));
      } catch (x) {
        return x as Error;
      }
      throw new Error('accepted a damaged bundle');
    })();
    expect(err).toBeInstanceOf(EvidenceError);
    expect(err.message).toMatch(/nodes\[1\]\.ready|nodes\.1\.ready/);
    expect(err.message).toMatch(/pods/);
  });
});

describe('test builder', () => {
  it('matches the reference submission (fixtures/submissions/reference)', () => {
    const e = referenceEvidence();
    expect(e.pools.map((p) => [p.name, p.cidr, p.nodeSelector])).toEqual([
      ['rack-0-ippool', '192.168.0.0/24', 'rack == "0"'],
      ['rack-1-ippool', '192.168.1.0/24', 'rack == "1"'],
    ]);
    expect(e.pods.map((p) => [p.node, p.ip])).toEqual([
      ['minikube', '192.168.0.68'],
      ['minikube-m02', '192.168.1.4'],
    ]);
    expect(e.deployment?.env).toEqual(REF.env);
  });

  it('writes outputs the parsers read back to the recorded numbers', () => {
    for (const e of [referenceEvidence(), buildEvidence(icmpBlocked)]) {
      for (const p of e.probes.ping) {
        const parsed = parseBusyboxPing(p.output);
        expect(parsed).toMatchObject({
          target: p.target,
          ip: p.resolvedIp,
          transmitted: p.transmitted,
          received: p.received,
          lossPct: p.lossPct,
        });
      }
    }
    for (const d of referenceEvidence().probes.dns) {
      expect(parseNslookup(d.output).answers.map((a) => a.address)).toEqual(d.resolved);
    }
  });

  it('keeps a re-addressed pod consistent across the bundle', () => {
    const e = buildEvidence(hostLocalIpam);
    expect(e.pods[1]?.ip).toBe('10.244.1.2');
    expect(e.endpoints[1]?.ip).toBe('10.244.1.2');
    expect(e.probes.page[1]?.containerIp).toBe('10.244.1.2');
    expect(e.probes.ping.find((p) => p.to === REF.pods[1] && p.kind === 'fqdn')?.target).toBe(
      '10-244-1-2.default.pod.cluster.local',
    );
  });
});
