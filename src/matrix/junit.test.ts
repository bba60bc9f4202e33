import { describe, expect, it } from 'vitest';
import { unsafeLines } from '../report/safe-text.ts';
import { cell, noInstallGrade } from '../testing/matrix-cells.ts';
import { makeResult } from '../testing/result-builder.ts';
import { cellFromError } from './cell.ts';
import { renderMatrixJUnit } from './junit.ts';

describe('the matrix junit.xml', () => {
  it('has one testsuite per cell: ⛔ a failed install case, ⚠️ an errored grading case, checks as cases', () => {
    const one = makeResult([{ id: 'cluster.calico-healthy', maxPoints: 2 }]);
    const pass = cell({ result: one }, { calico: 'v3.28.1', kubernetes: 'v1.31.0' });
    const none = {
      ...cell(noInstallGrade, { calico: 'v3.20.0', kubernetes: 'v1.31.0' }),
      firstError: 'calico: no matches for kind "PodDisruptionBudget"',
    };
    const error = cellFromError(
      { message: 'cancelled' },
      { versions: { calico: 'v3.26.1', kubernetes: 'v1.31.0' }, reports: 'v3.26.1_v1.31.0', totalMs: 0 },
    );
    const xml = renderMatrixJUnit([{ cell: none }, { cell: pass, result: one }, { cell: error }]);
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="kube-lab-grader matrix" tests="3" failures="1" errors="1" skipped="0">
  <testsuite name="calico v3.20.0 × kubernetes v1.31.0" time="12" tests="1" failures="1" errors="0" skipped="0">
    <properties>
      <property name="calico" value="v3.20.0"/>
      <property name="kubernetes" value="v1.31.0"/>
      <property name="status" value="no-install"/>
      <property name="reports" value="v3.20.0_v1.31.0"/>
      <property name="score" value="0"/>
      <property name="maxScore" value="2"/>
    </properties>
    <testcase classname="matrix.v3.20.0_v1.31.0" name="install">
      <failure message="calico: no matches for kind &quot;PodDisruptionBudget&quot;" type="DoesNotInstall"/>
    </testcase>
  </testsuite>
  <testsuite name="calico v3.28.1 × kubernetes v1.31.0" time="12" timestamp="2026-03-02T09:30:00.000Z" tests="1" failures="0" errors="0" skipped="0">
    <properties>
      <property name="calico" value="v3.28.1"/>
      <property name="kubernetes" value="v1.31.0"/>
      <property name="status" value="pass"/>
      <property name="reports" value="v3.28.1_v1.31.0"/>
      <property name="score" value="2"/>
      <property name="maxScore" value="2"/>
    </properties>
    <testcase classname="matrix.v3.28.1_v1.31.0" name="cluster.calico-healthy: cluster.calico-healthy" time="0">
      <properties>
        <property name="check.id" value="cluster.calico-healthy"/>
        <property name="points" value="2"/>
        <property name="maxPoints" value="2"/>
      </properties>
    </testcase>
  </testsuite>
  <testsuite name="calico v3.26.1 × kubernetes v1.31.0" time="0" tests="1" failures="0" errors="1" skipped="0">
    <properties>
      <property name="calico" value="v3.26.1"/>
      <property name="kubernetes" value="v1.31.0"/>
      <property name="status" value="error"/>
      <property name="reports" value="v3.26.1_v1.31.0"/>
    </properties>
    <testcase classname="matrix.v3.26.1_v1.31.0" name="grading">
      <error message="cancelled" type="NotGraded"/>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('keeps an error from the cluster well-formed and unable to act as a workflow command', () => {
    const none = {
      ...cell(noInstallGrade, { calico: 'v3.20.0', kubernetes: 'v1.31.0' }),
      firstError: '\n::error::x <b>&</b> \u0000 ##[group]',
    };
    const xml = renderMatrixJUnit([{ cell: none }]);
    expect(unsafeLines(xml)).toEqual([]);
    // The line break stays (as &#xA;, inside the attribute), so no line of the file starts with `::`.
    expect(xml).toContain('<failure message="&#xA;::error::x &lt;b>&amp;&lt;/b> \\x00 ##&#91;group]"');
  });
});
