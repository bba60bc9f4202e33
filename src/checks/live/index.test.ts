import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEvidence, STEP } from '../../evidence/schema.ts';
import { deriveFacts } from '../../lab/facts.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { readSubmission } from '../../submission/read.ts';
import {
  buildEvidence,
  hostLocalIpam,
  referenceEvidence,
  rolloutTimeout,
  withStep,
} from '../../testing/evidence-builder.ts';
import { STATIC_CHECKS } from '../static/index.ts';
import { LIVE_CHECK_IDS, LIVE_CHECKS, runLiveChecks } from './index.ts';

const referenceDir = join(import.meta.dirname, '../../../fixtures/submissions/reference');

describe('live catalogue', () => {
  it('covers every live rubric entry, and replaces the static pools.default-removed', () => {
    const live = Object.entries(defaultRubric.checks)
      .filter(([, spec]) => spec.live)
      .map(([id]) => id);
    for (const id of live) expect(LIVE_CHECK_IDS.has(id), id).toBe(true);
    expect(LIVE_CHECKS.map(([id]) => id).filter((id) => !live.includes(id))).toEqual([
      'pools.default-removed',
    ]);
    expect(STATIC_CHECKS.map(([id]) => id)).toContain('pools.default-removed');
  });
});

describe('runLiveChecks on the reference bundle', () => {
  it('passes every check with full points, without the submission', () => {
    const results = runLiveChecks(referenceEvidence(), defaultRubric);
    expect(results.map((r) => r.id)).toEqual(LIVE_CHECKS.map(([id]) => id));
    for (const r of results)
      expect({ id: r.id, status: r.status, message: r.message }).toMatchObject({ status: 'pass' });
    for (const r of results) expect(r.points).toBe(r.maxPoints);
    expect(results.every((r) => r.diagnostics === undefined)).toBe(true);
  });

  it('passes every check with the reference submission read from disk', async () => {
    const submission = await readSubmission(referenceDir);
    const e = referenceEvidence();
    // Drop the bundle's copy of the submission so the checks read the files.
    delete e.submission.pools;
    delete e.submission.env;
    delete e.deployment!.env;
    const results = runLiveChecks(e, defaultRubric, deriveFacts(submission, defaultRubric));
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(results.find((r) => r.id === 'app.env-rendered')?.message).not.toMatch(/unknown/);
  });

  it('re-grades a serialised bundle to the same results', () => {
    for (const e of [referenceEvidence(), buildEvidence(hostLocalIpam), buildEvidence(rolloutTimeout)]) {
      const again = parseEvidence(JSON.stringify(e));
      expect(runLiveChecks(again, defaultRubric)).toEqual(runLiveChecks(e, defaultRubric));
    }
  });
});

describe('steps that did not run', () => {
  it('a cluster that never came up skips every check, naming the step and its error', () => {
    const e = buildEvidence(
      withStep(STEP.cluster, {
        status: 'failed',
        error: 'Exiting due to GUEST_PROVISION: error provisioning guest',
      }),
    );
    for (const r of runLiveChecks(e, defaultRubric)) {
      expect(r.status, r.id).toBe('skip');
      expect(r.message).toContain('provisioning the cluster failed');
      expect(r.message).toContain('GUEST_PROVISION');
      expect(r.points).toBe(0);
    }
  });

  it('a bundle without a step skips instead of passing', () => {
    const e = referenceEvidence();
    e.steps = e.steps.filter((s) => s.name !== STEP.ping);
    const results = runLiveChecks(e, defaultRubric);
    const ping = results.find((r) => r.id === 'network.ping-ip');
    expect(ping?.status).toBe('skip');
    expect(ping?.message).toMatch(/no record of the ping probes/);
    expect(results.find((r) => r.id === 'dns.service-resolves')?.status).toBe('pass');
  });

  it('a probe step that could not run skips only its checks', () => {
    const e = buildEvidence(
      withStep(STEP.lb, { status: 'failed', error: 'port-forward: connection refused' }),
    );
    const results = runLiveChecks(e, defaultRubric);
    expect(results.filter((r) => r.status !== 'pass').map((r) => [r.id, r.status])).toEqual([
      ['service.lb-spread', 'skip'],
    ]);
    expect(results.find((r) => r.id === 'service.lb-spread')?.message).toContain(
      'port-forward: connection refused',
    );
  });

  it('checks missing from a rubric are left out', () => {
    const rubric = { ...defaultRubric, checks: { ...defaultRubric.checks } };
    delete rubric.checks['service.lb-spread'];
    expect(runLiveChecks(referenceEvidence(), rubric).map((r) => r.id)).not.toContain('service.lb-spread');
  });
});
