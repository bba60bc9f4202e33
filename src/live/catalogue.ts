import { LIVE_CHECK_IDS, LIVE_CHECKS } from '../checks/live/index.ts';
import { STATIC_CHECKS } from '../checks/static/index.ts';

/** Every check of a live grade, in report order: static checks the cluster does not answer, then live. */
export const LIVE_GRADE_CHECK_IDS: readonly string[] = [
  ...STATIC_CHECKS.map(([id]) => id).filter((id) => !LIVE_CHECK_IDS.has(id)),
  ...LIVE_CHECKS.map(([id]) => id),
];
