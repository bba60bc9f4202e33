import type { CheckResult } from '../checks/types.ts';
import { exitCodeFor, exitStatus, type GradeResult, isUngraded, notGradedText, verdictOf } from './model.ts';
import { safeJson, safeText } from './safe-text.ts';

/*
 * `--format classroom`: the result a GitHub Classroom autograding *runner* step leaves in its
 * `result` output, so that classroom-resources/autograding-grading-reporter can total it like the
 * runners GitHub ships. One test per check, each with its own points.
 *
 * Shape, from the runners' sources:
 * - classroom-resources/autograding-command-grader src/main.js (7712c71) `generateResult`:
 *   `{version: 1, status, max_score, tests: [{name, status, score, message, test_code, filename,
 *   line_no, duration}]}`, statuses `pass` | `fail` | `error`, and
 *   `core.setOutput('result', btoa(JSON.stringify(result)))` (base64 of the UTF-8 JSON);
 * - classroom-resources/autograding-io-grader src/main.js (0b167f2): the same with
 *   `execution_time: "<seconds>s"` in place of `duration`.
 *
 * How the reporter reads it (classroom-resources/autograding-grading-reporter, 43c2d9f):
 * - src/main.js: for each runner id in `runners`, env `<ID>_RESULTS` is base64-decoded as UTF-8 and
 *   JSON-parsed; the job fails when a runner's top-level `status` is `fail` (or `error`);
 * - src/notify-classroom.js: the points Classroom records are the sum of every test's `score`
 *   (a missing score would make the sum NaN) over runners with a non-zero `max_score`, out of the sum
 *   of `max_score` ("Points X/Y" notice);
 * - src/console-results.js prints each test's `name`, the `message` of an errored test and
 *   `test_code` to the job log, and its per-runner line (helpers/test-helpers.js `getTestScore`)
 *   shows passed tests ÷ all tests × max_score, not the sum of scores: with weighted checks that
 *   line differs from the recorded points, which are right.
 */

export type ClassroomStatus = 'pass' | 'fail' | 'error';

export interface ClassroomTest {
  name: string;
  status: ClassroomStatus;
  score: number;
  message: string;
  test_code: string;
  filename: string;
  line_no: number;
  execution_time: string;
}

export interface ClassroomResult {
  version: 1;
  status: ClassroomStatus;
  max_score: number;
  tests: ClassroomTest[];
}

/**
 * The runner result for one submission. An ungraded one is `status: error` with `max_score: 0` and
 * one errored test saying why: the reporter fails the job on the status and, with no maximum, records
 * no points for it (notify-classroom.js skips runners whose max_score is 0) — never a zero grade.
 */
export function classroomResult(result: GradeResult): ClassroomResult {
  if (isUngraded(result)) {
    return {
      version: 1,
      status: 'error',
      max_score: 0,
      tests: [{ ...emptyTest('grading'), status: 'error', message: safeText(notGradedText(result.error)) }],
    };
  }
  return {
    version: 1,
    status: exitStatus(exitCodeFor(result)),
    max_score: result.maxScore,
    tests: result.checks.map(classroomTest),
  };
}

function classroomTest(check: CheckResult): ClassroomTest {
  return {
    // The reporter prints names and messages straight to the job log: one safe line each.
    ...emptyTest(`${check.id}: ${check.title}`),
    status: testStatus(check),
    score: check.points,
    message: safeText(messageOf(check)),
  };
}

function emptyTest(name: string): ClassroomTest {
  return {
    name: safeText(name),
    status: 'pass',
    score: 0,
    message: '',
    test_code: '',
    filename: '',
    // The reporter appends " - line N" to the test name unless line_no is 0.
    line_no: 0,
    execution_time: '0s',
  };
}

/**
 * As the exit code sees it: a skip worth points withholds them (`unverified`), so it fails; a skip
 * worth nothing is neutral and passes.
 */
function testStatus(check: CheckResult): ClassroomStatus {
  const verdict = verdictOf(check);
  if (verdict === 'skip') return 'pass';
  if (verdict === 'unverified') return 'fail';
  return verdict;
}

function messageOf(check: CheckResult): string {
  const verdict = verdictOf(check);
  const prefix = verdict === 'unverified' ? 'not verified: ' : verdict === 'skip' ? 'skipped: ' : '';
  return check.hint && check.status !== 'pass'
    ? `${prefix}${check.message} Hint: ${check.hint}`
    : `${prefix}${check.message}`;
}

/** `--format classroom` on stdout: the runner JSON, pretty. */
export function renderClassroom(result: GradeResult): string {
  return `${safeJson(JSON.stringify(classroomResult(result), null, 2))}\n`;
}

/** The `result` step output: base64 of the JSON's UTF-8, as the runners' `btoa` helper makes it. */
export function encodeClassroomResult(result: GradeResult): string {
  return Buffer.from(JSON.stringify(classroomResult(result)), 'utf8').toString('base64');
}
