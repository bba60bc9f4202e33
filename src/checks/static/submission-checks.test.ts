import { describe, expect, it } from 'vitest';
import { deriveFacts } from '../../lab/facts.ts';
import { defaultRubric } from '../../rubric/rubric.ts';
import { buildSubmission } from '../../submission/read.ts';
import { DEPLOYMENT, gradeFiles, HEADER, POOLS, report, tooLarge } from '../../testing/submission-builder.ts';
import { runStaticChecks } from './index.ts';

describe('submission.report when the report cannot be read', () => {
  it('names the file and the limit instead of "no report found"', () => {
    const r = gradeFiles({ 'ippool.yaml': POOLS }, [tooLarge('report.md')]);
    expect(r.get('submission.report')).toMatchObject({
      status: 'fail',
      message: 'no report read: report.md is 1.3 MiB, over the 1 MiB limit; not read',
      hint: expect.stringContaining('under 1 MiB'),
    });
    // the checks that read commands from the report say why there are none
    expect(r.get('minikube.start-flags')?.message).toBe(
      'no report read (report.md is 1.3 MiB, over the 1 MiB limit; not read), so no `minikube start` command either',
    );
  });

  it('grades another report that was read, noting the one that was not', () => {
    const r = gradeFiles({ 'lab4.md': HEADER }, [tooLarge('old.md')]);
    expect(r.get('submission.report')?.status).toBe('pass');
    expect(r.get('submission.report')?.message).toContain('(not read: old.md is 1.3 MiB');
  });
});

describe('submission.manifests with files left unread', () => {
  it('passes with a note when the lab manifests were read (a vendored 1.4 MiB manifest is no mistake)', () => {
    const r = gradeFiles({ 'lab4.md': HEADER, 'ippool.yaml': POOLS }, [tooLarge('tigera-operator.yaml')]);
    expect(r.get('submission.manifests')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        '(not read: tigera-operator.yaml is 1.3 MiB, over the 1 MiB limit; not read)',
      ),
    });
  });

  it('fails naming the file when nothing else was read', () => {
    const r = gradeFiles({ 'lab4.md': HEADER }, [tooLarge('all.yaml')]);
    expect(r.get('submission.manifests')).toMatchObject({
      status: 'fail',
      message: 'no manifest read: all.yaml is 1.3 MiB, over the 1 MiB limit; not read',
    });
  });

  it('says how many files the cap left out', () => {
    const cap = {
      severity: 'info' as const,
      file: '',
      message:
        'more than 500 files: 3 other file(s) not read (a.txt, b.txt, c.txt); every Markdown, YAML and JSON file was read',
      unread: true,
    };
    const r = gradeFiles({ 'lab4.md': HEADER, 'deployment.yaml': DEPLOYMENT }, [cap]);
    expect(r.get('submission.manifests')?.message).toContain(
      '; more than 500 files: 3 other file(s) not read',
    );
  });

  it('reports every broken file, the first with its position, as manifest files (YAML or JSON)', () => {
    const r = gradeFiles({
      'lab4.md': report('minikube start'),
      'a.yaml': 'kind: Pod\nspec: [1\n',
      'b.json': '{"kind": "Service",}',
    });
    expect(r.get('submission.manifests')?.message).toMatch(
      /^2 manifest file\(s\) do not parse: a\.yaml:3:1: .+ \(also b\.json\)$/,
    );
  });
});

describe('a repository without its Lab 4 folder', () => {
  it('fails the submission checks with what was looked for, and crashes nothing', () => {
    const missing = 'no Lab 4 folder; looked for lab4 … and found only lab1';
    const submission = { ...buildSubmission('/repo', '/repo', []), missingLabFolder: missing };
    const results = runStaticChecks(deriveFacts(submission, defaultRubric));
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    for (const id of ['submission.manifests', 'submission.report']) {
      expect(results.find((r) => r.id === id)).toMatchObject({
        status: 'fail',
        message: missing,
        hint: expect.stringContaining('folder named `lab4`'),
      });
    }
  });
});
