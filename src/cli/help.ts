import { gradeScale } from '../report/result.ts';
import lab4 from '../rubric/lab4.json' with { type: 'json' };

/*
 * The text `lab-grader --help` ends with: exit codes, the two maxima, the environment. Built from
 * the bundled rubric's JSON (no schema validation, no writers), so --help stays cheap.
 */

/** Every environment variable the grader, its emulator or its scenario file reads. */
export const ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['NO_COLOR', 'no colour, whatever else (https://no-color.org)'],
  ['FORCE_COLOR', 'colour on a pipe or file too (0: never); by default only on a terminal'],
  ['CI', 'plain timestamped progress lines instead of a spinner'],
  ['GITHUB_ACTIONS', '"true": also annotate, and write $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT'],
  ['LAB_SIM_FAULTS', 'grade --cluster sim: emulated faults when --faults is not given'],
  ['LAB_SIM_TIME_FACTOR', 'grade --cluster sim: delay scale when --time-factor is not given'],
  ['LAB_SIM_CALICO_VERSION', 'emulated minikube: the Calico it runs (set by grade --calico vX.Y.Z)'],
  ['LAB_SIM_SEED', 'emulated minikube: seed of its names and addresses (default 1)'],
  ['LAB_SIM_MINIKUBE_VERSION', 'emulated minikube: the release it plays (its Kubernetes range, Calico)'],
  ['LAB_SIM_TUNNEL', 'emulated minikube: 1 = `service --url` runs a tunnel, as on macOS/Windows'],
  ['LAB_SIM_OWNER_PID', 'set by grade: its emulated cluster dies with it (not to set by hand)'],
  ['LAB_SIM_OWNER_TEMP', "set by grade: the emulated cluster's temp home (not to set by hand)"],
  ['SUBMISSION', 'scenario file: the submission to grade (default: the reference)'],
  ['LAB_CLUSTER', 'scenario file: sim (default), minikube or existing'],
  ['LAB_CONTEXT', 'scenario file: kubeconfig context (existing cluster)'],
  ['LAB_KUBECONFIG', 'scenario file: kubeconfig file (existing cluster)'],
  ['LAB_PROFILE', 'scenario file: minikube profile (default: a unique one)'],
  ['LAB_KEEP', 'scenario file: 1 keeps the cluster'],
  ['LAB_CALICO', 'scenario file: builtin (default) or vX.Y.Z'],
  ['LAB_KUBERNETES_VERSION', 'scenario file: Kubernetes version for minikube start'],
  ['LAB_MINIKUBE', 'scenario file: the minikube binary'],
  ['LAB_RUBRIC', 'scenario file: a rubric JSON'],
  ['LAB_RETRIES', 'scenario file: as grade --retries (default 1)'],
  ['LAB_REPORT_DIR', 'scenario file: where to write the reports'],
  ['LAB_SIM_HOME', 'scenario file: state directory of the emulated cluster'],
];

export function helpFooter(): string {
  const scale = gradeScale(lab4);
  const width = Math.max(...ENVIRONMENT.map(([name]) => name.length));
  return [
    '',
    'Exit codes:',
    '  0  full marks: every check worth points passed (a class: every student; matrix: every cell)',
    '  1  short of full marks: a check failed or was not verified (a class: a student short of them;',
    '     matrix: a cell short of them, or a combination that does not install)',
    '  2  bad usage or input: flags, --rubric, --roster, --report-dir, an evidence file, or the one',
    '     PATH of `check PATH` missing or not a folder',
    '  3  no grade: an infrastructure error (minikube, a lost cluster, a check that crashed), a grade',
    '     interrupted by a signal, or, in a class, a student not graded (a missing path included);',
    '     doctor: something a live grade needs is missing',
    '',
    `Points (bundled rubric): check grades the files alone, out of ${scale.static}; grade adds the`,
    `cluster checks, out of ${scale.live}.`,
    '',
    'Environment (the scenario file:',
    '  npx vitest run --project scenarios scenarios/lab4-calico-racks.test.ts):',
    ...ENVIRONMENT.map(([name, what]) => `  ${name.padEnd(width)}  ${what}`),
    '',
  ].join('\n');
}
