import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { encodeClassroomResult } from './classroom.ts';
import {
  actionOutputs,
  annotation,
  annotations,
  appendStepSummary,
  boundedMessage,
  writeOutputs,
} from './github-actions.ts';
import { renderMarkdown } from './markdown.ts';
import { exitStatus, type GradeResult, type GradeScale, isUngraded, notGradedText } from './model.ts';
import { type TextSink, writeWorkflowCommands } from './output.ts';

/*
 * What a grade hands GitHub Actions when it runs in one (GITHUB_ACTIONS=true): annotations on the
 * files at fault, the Markdown report in the step summary and the step outputs. One function for a
 * submission (check, grade) and for a class (check --roster, and later grade of a class).
 */

/** A class run as GitHub is told about it (src/batch/class-run.ts's ClassRun is one). */
export interface ClassPublication {
  kind: 'class';
  /** class.md. */
  markdown: string;
  exitCode: number;
  rows: readonly {
    student: string;
    status: 'graded' | 'ungraded';
    error?: { step?: string; message: string };
  }[];
}

export interface PublishOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /**
   * Where the annotations go. The runner reads workflow commands on stdout and stderr alike: the CLI
   * uses stdout under the console format and stderr when stdout is a machine format (JSON, JUnit…).
   * @default process.stdout
   */
  commands?: TextSink;
  /** Where relative submission paths start. @default process.cwd() */
  cwd?: string;
  /** The step summary explains which maximum the score is out of. */
  scale?: GradeScale;
}

/**
 * Publishes a result or a class to GitHub Actions; false (and nothing done) outside Actions.
 * - a result: `::error file=…,line=…,title=<check id>::…` per failed check with a file location and
 *   `::warning` per note, paths from the submission's repository root (the nearest folder up with a
 *   `.git`, else $GITHUB_WORKSPACE); summary.md appended to $GITHUB_STEP_SUMMARY; outputs `score`,
 *   `max-score`, `status` (pass, fail, error) and `result` (the Classroom runner result, base64).
 *   An ungraded result gives one `::error` saying why, its summary, and 0 of 0 with status `error`.
 * - a class: one `::error` per ungraded student, class.md as the summary, outputs `status`,
 *   `students`, `graded` and `ungraded`.
 */
export async function publishToGitHub(
  target: GradeResult | ClassPublication,
  opts: PublishOptions = {},
): Promise<boolean> {
  const env = opts.env ?? process.env;
  if (env.GITHUB_ACTIONS !== 'true') return false;
  const sink = opts.commands ?? process.stdout;
  if ('kind' in target) {
    const ungraded = target.rows.filter((r) => r.status === 'ungraded');
    writeWorkflowCommands(
      sink,
      ungraded.map((r) =>
        annotation('error', r.student, boundedMessage(`not graded: ${errorText(r.error)}`)),
      ),
    );
    await appendStepSummary(target.markdown, { env });
    await writeOutputs(
      {
        status: exitStatus(target.exitCode),
        students: target.rows.length,
        graded: target.rows.length - ungraded.length,
        ungraded: ungraded.length,
      },
      { env },
    );
    return true;
  }
  const cwd = opts.cwd ?? process.cwd();
  if (isUngraded(target)) {
    const message = boundedMessage(`${target.submission}: ${notGradedText(target.error)}`);
    writeWorkflowCommands(sink, [annotation('error', 'kube-lab-grader', message)]);
  } else {
    const repoRoot = findRepoRoot(resolve(cwd, target.submission)) ?? env.GITHUB_WORKSPACE ?? cwd;
    writeWorkflowCommands(sink, annotations(target, { repoRoot, cwd }));
  }
  await appendStepSummary(renderMarkdown(target, { scale: opts.scale }), { env });
  await writeOutputs(actionOutputs(target, encodeClassroomResult(target)), { env });
  return true;
}

/**
 * The repository holding `path`: the nearest folder at or above it with a `.git` (a folder, or the
 * file a worktree or submodule has). Undefined when there is none. No git process is run.
 */
export function findRepoRoot(path: string): string | undefined {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function errorText(error: { step?: string; message: string } | undefined): string {
  if (!error) return 'no result';
  return error.step ? `${error.step}: ${error.message}` : error.message;
}
