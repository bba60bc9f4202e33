import type { CheckResult } from '../checks/types.ts';
import type { EvidenceStep } from '../evidence/schema.ts';

/**
 * What the scenario file (scenarios/lab4-calico-racks.test.ts) puts in vitest's task meta, for
 * tools that read vitest's own reports. Type declarations only: nothing here imports vitest.
 */
declare module 'vitest' {
  interface TaskMeta {
    /** A check test's result (one test per check). */
    check?: CheckResult;
    /** The check's points. */
    points?: number;
    /** A setup step test's transcript entry. */
    step?: EvidenceStep;
  }
}
