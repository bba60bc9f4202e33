import { liveGradeCheckIds } from '../checks/registry.ts';

/**
 * Every check of a live grade, in report order: static checks the cluster does not answer, then live
 * (from the registry, `src/checks/registry.ts`).
 */
export const LIVE_GRADE_CHECK_IDS: readonly string[] = liveGradeCheckIds();
