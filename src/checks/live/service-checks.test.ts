import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../evidence/schema.ts';
import { evenSplitPValue } from '../../probes/stats.ts';
import { buildEvidence, REF } from '../../testing/evidence-builder.ts';
import { grade } from '../../testing/live-results.ts';
import { LB_MIN_P_VALUE } from './service-checks.ts';

/** `n` answered requests, `first` of them by the first pod. */
const split = (first: number, n: number) => (e: Evidence) => {
  const samples = Array.from({ length: n }, (_, i) => {
    const k = i < first ? 0 : 1;
    return { pod: REF.pods[k], ip: REF.podIPs[k], ok: true };
  });
  e.probes.lb = { ...e.probes.lb!, samples, counts: { [REF.pods[0]]: first, [REF.pods[1]]: n - first } };
};

describe('service.endpoints', () => {
  it('fails when the selector matches no pod, showing the pod labels', () => {
    const r = grade(
      buildEvidence((e) => {
        e.service!.selector = { app: 'lab4' };
        e.endpoints = [];
      }),
    );
    expect(r['service.endpoints']?.message).toBe(
      'lab4-service (selector app=lab4) has no ready endpoint; the pods are labelled app=lab4-frontend,pod-template-hash=6b9c7d8f5d',
    );
    expect(r['service.endpoints']?.hint).toMatch(/selector/);
  });

  it('fails when a replica is missing from the endpoints', () => {
    const r = grade(buildEvidence((e) => void e.endpoints.pop()));
    expect(r['service.endpoints']?.message).toBe(
      `${REF.pods[1]} 192.168.1.4 is not an endpoint of lab4-service`,
    );
  });

  it('fails without a Service', () => {
    const r = grade(
      buildEvidence((e) => {
        e.service = null;
      }),
    );
    expect(r['service.endpoints']?.status).toBe('fail');
    expect(r['service.lb-spread']?.status).toBe('skip');
    expect(r['dns.service-resolves']?.status).toBe('skip');
  });
});

describe('service.lb-spread', () => {
  it('reports the p-value of an even split', () => {
    const r = grade(buildEvidence(split(12, 20)));
    expect(r['service.lb-spread']?.status).toBe('pass');
    expect(r['service.lb-spread']?.message).toContain(
      `${REF.pods[0]} 12, ${REF.pods[1]} 8, p = 0.37 for an even split`,
    );
    expect(r['service.lb-spread']?.evidence).toMatchObject({ pValue: evenSplitPValue([12, 8]) });
  });

  it("fails when one pod got nothing over the rubric's 20 samples", () => {
    const r = grade(buildEvidence(split(20, 20)));
    expect(r['service.lb-spread']?.status).toBe('fail');
    expect(r['service.lb-spread']?.message).toBe(
      `${REF.pods[1]} answered none of 20 requests (${REF.pods[0]} 20, ${REF.pods[1]} 0, p = 7.7e-6 for an even split)`,
    );
  });

  it('fails when the split is too uneven to be random (p < 0.001)', () => {
    const r = grade(buildEvidence(split(38, 40)));
    expect(r['service.lb-spread']?.status).toBe('fail');
    expect(r['service.lb-spread']?.message).toMatch(
      /too uneven to be random \(.* 38, .* 2, p = 1\.3e-8 for an even split < 0\.001\)/,
    );
  });

  it('pins the threshold at p = 0.001: 17/3 of 20 passes (p ≈ 0.0017), 18/2 fails (p ≈ 0.0004)', () => {
    expect(LB_MIN_P_VALUE).toBe(0.001);
    expect(evenSplitPValue([17, 3])).toBeGreaterThan(LB_MIN_P_VALUE);
    expect(evenSplitPValue([18, 2])).toBeLessThan(LB_MIN_P_VALUE);
    expect(grade(buildEvidence(split(17, 20)))['service.lb-spread']?.status).toBe('pass');
    expect(grade(buildEvidence(split(18, 20)))['service.lb-spread']?.status).toBe('fail');
  });

  it('skips when too few requests were answered to conclude', () => {
    const r = grade(buildEvidence(split(6, 6)));
    expect(r['service.lb-spread']?.status).toBe('skip');
    expect(r['service.lb-spread']?.message).toMatch(/only 6 of 6 requests .* fewer than the 20 needed/);
  });

  it('names session affinity when it pins clients', () => {
    const r = grade(
      buildEvidence(split(20, 20), (e) => {
        e.service!.sessionAffinity = 'ClientIP';
      }),
    );
    expect(r['service.lb-spread']?.hint).toMatch(/sessionAffinity: ClientIP/);
  });

  it('fails when nothing answered, counting the errors', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.lb!.samples = e.probes.lb!.samples.map(() => ({ ok: false, error: 'connection refused' }));
        e.probes.lb!.counts = {};
      }),
    );
    expect(r['service.lb-spread']?.message).toBe(
      'none of the 20 requests from the host to http://192.168.49.2:31234/ was answered: 20× connection refused',
    );
  });

  it('judges the tally when the driver kept no samples', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.lb!.samples = [];
        e.probes.lb!.counts = { [REF.pods[0]]: 25, [REF.pods[1]]: 0 };
      }),
    );
    expect(r['service.lb-spread']?.status).toBe('fail');
    expect(r['service.lb-spread']?.message).toMatch(/answered none of 25 requests/);
  });

  it('ties answers to pods by IP when the pod name is missing', () => {
    const r = grade(
      buildEvidence((e) => {
        for (const s of e.probes.lb!.samples) delete s.pod;
      }),
    );
    expect(r['service.lb-spread']?.message).toContain(`${REF.pods[0]} 11, ${REF.pods[1]} 9`);
  });
});

describe('app.env-rendered', () => {
  it('fails on the placeholder, naming the unset variable', () => {
    const r = grade(
      buildEvidence((e) => {
        const page = e.probes.page[0]!;
        delete page.company;
        page.placeholders = ['company'];
      }),
    );
    expect(r['app.env-rendered']?.message).toBe(
      `${REF.pods[0]}: REACT_APP_COMPANY_NAME shows the placeholder (unset)`,
    );
    expect(r['app.env-rendered']?.hint).toMatch(/Set `REACT_APP_COMPANY_NAME`/);
  });

  it("fails when the page does not show the Deployment's value or the serving pod's IP", () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.page[1]!.username = 'student';
        e.probes.page[1]!.containerIp = '172.17.0.3';
      }),
    );
    expect(r['app.env-rendered']?.message).toBe(
      `${REF.pods[1]}: REACT_APP_USERNAME shows "student", the Deployment sets "ivanova-as", container IP shows "172.17.0.3", not the pod IP 192.168.1.4`,
    );
  });

  it('fails with the fetch error while the app is still building', () => {
    const r = grade(
      buildEvidence((e) => {
        e.probes.page[0] = { pod: REF.pods[0], error: 'connection refused' };
      }),
    );
    expect(r['app.env-rendered']?.message).toBe(`${REF.pods[0]}: connection refused`);
    expect(r['app.env-rendered']?.hint).toMatch(/npm run build/);
  });

  it('passes without known env values, saying what it could not compare', () => {
    const r = grade(
      buildEvidence((e) => {
        delete e.deployment!.env;
        delete e.submission.env;
      }),
    );
    expect(r['app.env-rendered']?.status).toBe('pass');
    expect(r['app.env-rendered']?.message).toMatch(
      /the expected REACT_APP_USERNAME and REACT_APP_COMPANY_NAME value is unknown/,
    );
  });
});
