/**
 * Kubernetes below 1.30 offers exec only up to v4.channel.k8s.io: no stdin-close frame (feature gate
 * TranslateStreamCloseWebsocketRequests, on by default from 1.30; docs/reference-facts.md,
 * kube-api-emulation, "kubectl exec"). The emulator offers its protocols by the cluster's version,
 * so piping pools into `calicoctl create -f -` would end without an exit status there; the grader
 * hands them over as a mounted file. The reference must score full marks on both versions below 1.30
 * minikube ≥ v1.37 still starts (OldestKubernetesVersion v1.28.0). One grade per version.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvidence } from '../src/evidence/schema.ts';
import { parseGradeResult } from '../src/report/json.ts';
import { FIXTURES } from './live-helpers.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-old-k8s-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.concurrent('the reference on emulated Kubernetes below 1.30 (exec v4 only)', () => {
  it.each(['v1.28.0', 'v1.29.0'])(
    '%s: full marks, pools created from the mounted file',
    async (version) => {
      const out = join(tmp, version);
      const r = await execa(
        'node',
        [
          BIN,
          'grade',
          join(FIXTURES, 'reference'),
          '--cluster',
          'sim',
          '--kubernetes-version',
          version,
          '--report-dir',
          out,
        ],
        { reject: false, env: { CI: 'true', TMPDIR: tmp } },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
      const evidence = parseEvidence(await readFile(join(out, 'evidence.json'), 'utf8'));
      expect(evidence.cluster.versions.kubernetes).toBe(version);
      expect(result.status).toBe('graded');
      if (result.status !== 'graded') return;
      expect(result.score).toBe(result.maxScore);
      const pools = evidence.steps.find((s) => s.name === 'pools');
      expect(pools?.status).toBe('ok');
      expect(pools?.detail).toMatch(
        /calicoctl create -f \/pools\/pools-[0-9a-f]{12}\.yaml: Successfully created 2/,
      );
    },
    180_000,
  );
});
