import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CheckResult } from '../checks/types.ts';
import { type GradeResult, summarize } from './model.ts';
import type { GradeHeader } from './vitest-meta.ts';
import './vitest-meta.ts';
import { writeReports } from './write.ts';

export interface GradeReporterOptions {
  /** Write junit.xml, summary.md and results.json here. */
  reportDir?: string;
  /** Receives the grade when the run ends (the CLI prints it and picks the exit code). */
  onResult?: (result: GradeResult | undefined) => void;
  /** Step progress (the scenario's setup tests). */
  onStep?: (event: {
    name: string;
    state: 'started' | 'passed' | 'failed' | 'skipped';
    durationMs?: number;
    note?: string;
  }) => void;
}

/**
 * A vitest reporter that turns the scenario's check tests back into the one result model: each check
 * test carries its CheckResult in `task.meta.check`, so the JUnit, Markdown and JSON written here are
 * the same writers' output as `lab-grader check` — one testcase per check, not vitest's own view.
 */
export class GradeReporter implements Reporter {
  constructor(private readonly opts: GradeReporterOptions = {}) {}

  onTestCaseReady(test: TestCase): void {
    if (isSetup(test)) this.opts.onStep?.({ name: test.name, state: 'started' });
  }

  onTestCaseResult(test: TestCase): void {
    if (!isSetup(test)) return;
    const r = test.result();
    const meta = test.meta();
    const state = r.state === 'passed' ? 'passed' : r.state === 'skipped' ? 'skipped' : 'failed';
    this.opts.onStep?.({
      name: test.name,
      state,
      durationMs: meta.step?.durationMs ?? test.diagnostic()?.duration,
      note: meta.step?.error ?? meta.step?.detail,
    });
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    const result = collectGrade(testModules);
    if (result && this.opts.reportDir) await writeReports(this.opts.reportDir, result);
    this.opts.onResult?.(result);
  }
}

function isSetup(test: TestCase): boolean {
  return test.parent.type === 'suite' && test.parent.name === 'setup';
}

/** The grade carried by a run's check tests, or undefined when the scenario never got to them. */
export function collectGrade(testModules: ReadonlyArray<TestModule>): GradeResult | undefined {
  const checks: CheckResult[] = [];
  let header: GradeHeader | undefined;
  for (const m of testModules)
    for (const t of m.children.allTests()) {
      const meta = t.meta();
      if (meta.grade) header ??= meta.grade;
      if (meta.check) checks.push(meta.check);
    }
  if (!header || checks.length === 0) return undefined;
  return { ...header, ...summarize(checks), checks };
}

export default GradeReporter;
