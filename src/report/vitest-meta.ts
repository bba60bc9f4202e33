import type { CheckResult } from '../checks/types.ts';
import type { EvidenceStep } from '../evidence/schema.ts';
import type { GradeResult } from './model.ts';

/** What the scenario file hands the reporter through vitest's task meta. */
export type GradeHeader = Omit<GradeResult, 'checks' | 'score' | 'maxScore'>;

declare module 'vitest' {
  interface TaskMeta {
    /** A check test's result (one test per check). */
    check?: CheckResult;
    /** The check's points, for tools that read vitest's own reports. */
    points?: number;
    /** A setup step test's transcript entry. */
    step?: EvidenceStep;
    /** Set on the first check test: the grade's lab, submission, cluster and timing. */
    grade?: GradeHeader;
  }
}
