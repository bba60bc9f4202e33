/**
 * Lab 4, graded on a cluster: the setup in ordered steps, then one test per check with its points in
 * the task meta. `npm test` runs it on the emulated cluster with the reference submission;
 * `LAB_CLUSTER=minikube SUBMISSION=path npm test` on a real minikube. It is the engine `lab-grader
 * grade` runs (src/live/engine.ts), step by step: the same steps, checks, signal handling, cleanup,
 * and the same reports in LAB_REPORT_DIR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNNER_LIMITS } from '../src/live/budget.ts';
import { LIVE_GRADE_CHECK_IDS } from '../src/live/catalogue.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { lineProgress } from '../src/live/progress.ts';
import { LIVE_STEPS } from '../src/live/session.ts';
import { isUngraded } from '../src/report/model.ts';
import '../src/report/vitest-meta.ts';

const config = liveConfigFromEnv(process.env);
let grade: LiveGrade;

describe(`lab4 on ${config.cluster}: ${config.submission}`, () => {
  beforeAll(async () => {
    grade = await LiveGrade.open(config, { progress: lineProgress((s) => process.stderr.write(s)) });
  });

  // Each limit is the engine's own share plus a margin (src/live/budget.ts): the engine ends first.
  afterAll(async () => {
    await grade?.finish();
  }, RUNNER_LIMITS.teardownTimeout);

  describe('setup', () => {
    for (const step of LIVE_STEPS) {
      it(
        `${step.name}: ${step.title}`,
        async ({ task, skip }) => {
          const r = await grade.runStep(step.name);
          task.meta.step = r;
          if (r.status === 'skipped') skip(r.detail);
          expect(r.status, r.error).toBe('ok');
        },
        RUNNER_LIMITS.stepTimeout(step.name),
      );
    }
  });

  describe('checks', () => {
    for (const id of LIVE_GRADE_CHECK_IDS) {
      it(id, ({ task, skip }) => {
        const result = grade.result();
        if (isUngraded(result)) return skip(`not graded: ${result.error.step}: ${result.error.message}`);
        const r = result.checks.find((c) => c.id === id);
        if (!r) return skip(`${id} is not in the rubric`);
        task.meta.check = r;
        task.meta.points = r.maxPoints;
        if (r.status === 'skip') return skip(r.message);
        expect(r.status, `${r.message}${r.hint ? `\nhint: ${r.hint}` : ''}`).toBe('pass');
      });
    }
  });
});
