/**
 * Lab 4, graded on a cluster: the setup in ordered steps, then one test per check with its points in
 * the task meta. `npm test` runs it on the emulated cluster with the reference submission;
 * `LAB_CLUSTER=minikube SUBMISSION=path npm test` on a real minikube; `lab-grader grade` runs this
 * same file through vitest's node API with the grade reporter.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/checks/types.ts';
import { LIVE_GRADE_CHECK_IDS } from '../src/live/catalogue.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { lineProgress, silentProgress } from '../src/live/progress.ts';
import { LIVE_STEPS, LiveSession } from '../src/live/session.ts';
import '../src/report/vitest-meta.ts';

const config = liveConfigFromEnv(process.env);
// Under `lab-grader grade` the main process draws the progress; under `npm test` the worker logs it.
const progress =
  process.env.LAB_PROGRESS === 'off' ? silentProgress : lineProgress((s) => process.stderr.write(s));
let session: LiveSession;
let results: Map<string, CheckResult> | undefined;

describe(`lab4 on ${config.cluster}: ${config.submission}`, () => {
  beforeAll(async () => {
    session = await LiveSession.open(config, progress);
  });

  afterAll(async () => {
    if (!session) return;
    try {
      if (config.reportDir) {
        await mkdir(config.reportDir, { recursive: true });
        await writeFile(
          join(config.reportDir, 'evidence.json'),
          `${JSON.stringify(session.evidence(), null, 2)}\n`,
        );
      }
    } finally {
      await session.close();
    }
  });

  describe('setup', () => {
    for (const step of LIVE_STEPS) {
      it(`${step.name}: ${step.title}`, async ({ task, skip }) => {
        const r = await session.runStep(step.name);
        task.meta.step = r;
        if (r.status === 'skipped') skip(r.detail);
        expect(r.status, r.error).toBe('ok');
      });
    }
  });

  describe('checks', () => {
    LIVE_GRADE_CHECK_IDS.forEach((id, i) => {
      it(id, ({ task, skip }) => {
        results ??= new Map(session.results().map((r) => [r.id, r]));
        const r = results.get(id);
        if (!r) return skip(`${id} is not in the rubric`);
        task.meta.check = r;
        task.meta.points = r.maxPoints;
        if (i === 0) {
          const { checks: _c, score: _s, maxScore: _m, ...header } = session.gradeResult();
          task.meta.grade = header;
        }
        if (r.status === 'skip') return skip(r.message);
        expect(r.status, `${r.message}${r.hint ? `\nhint: ${r.hint}` : ''}`).toBe('pass');
      });
    });
  });
});
