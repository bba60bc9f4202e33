import { addCheckCase } from '../report/junit.ts';
import { newJUnitBuilder } from '../report/junit-builder.ts';
import type { GradeResult } from '../report/model.ts';
import { formatPoints } from '../report/tally.ts';
import { neutralizeXmlCommands, xmlSafe } from '../report/xml-text.ts';
import type { MatrixCell } from './model.ts';
import { cellLabel } from './versions.ts';

/** A cell and, when its grade produced one, its result (whose checks become testcases). */
export interface MatrixJUnitEntry {
  cell: MatrixCell;
  result?: GradeResult;
}

/**
 * junit.xml of a matrix: one `<testsuite>` per cell, named by its versions, with the cell's status
 * and score as properties. A cell that does not install starts with a failed `install` testcase, one
 * not graded with an errored `grading` testcase; the checks of a graded cell follow as testcases,
 * written by the report writer's own addCheckCase (report/junit.ts).
 */
export function renderMatrixJUnit(entries: readonly MatrixJUnitEntry[]): string {
  const builder = newJUnitBuilder();
  builder.name('kube-lab-grader matrix');
  for (const { cell, result } of entries) {
    const v = cell.versions;
    const suite = builder
      .testSuite()
      .name(xmlSafe(cellLabel(v)))
      .time(cell.durations.totalMs / 1000)
      .property('calico', xmlSafe(v.calico))
      .property('kubernetes', xmlSafe(v.kubernetes))
      .property('status', cell.status)
      .property('reports', xmlSafe(cell.reports));
    if (v.minikube) suite.property('minikube', xmlSafe(v.minikube));
    if (cell.score !== null) suite.property('score', formatPoints(cell.score));
    if (cell.maxScore !== null) suite.property('maxScore', formatPoints(cell.maxScore));
    if (result) suite.timestamp(new Date(Date.parse(result.startedAt) || 0).toISOString());
    const className = xmlSafe(`matrix.${v.minikube ? `${v.minikube}_` : ''}${v.calico}_${v.kubernetes}`);
    const error = xmlSafe(cell.firstError ?? 'unknown error');
    if (cell.status === 'no-install')
      suite.testCase().className(className).name('install').failure(error, 'DoesNotInstall');
    if (cell.status === 'error')
      suite.testCase().className(className).name('grading').error(error, 'NotGraded');
    const checks = result?.status === 'graded' ? result.checks : [];
    for (const check of checks) addCheckCase(suite.testCase().className(className), check);
  }
  return `${neutralizeXmlCommands(builder.build())}\n`;
}
