import path from 'node:path';
import { classifyObjects } from './classify.ts';
import { collectFiles, type SubmissionFile } from './files.ts';
import { loadJsonText } from './json.ts';
import { findLabDir, type ReadCache } from './locate.ts';
import { chooseReport, parseReport } from './report.ts';
import type { Finding, ManifestObject, Submission, YamlFileInfo } from './types.ts';
import { loadYamlText } from './yaml.ts';

const YAML_FILE = /\.ya?ml$/i;
const JSON_FILE = /\.json$/i;
const MARKDOWN_FILE = /\.(?:md|markdown)$/i;

/**
 * Reads a submission (a repository or a lab folder) from disk: finds the Lab 4 folder, lists its
 * files, loads the manifests (YAML and JSON) and the report. Nothing from the submission is executed.
 * Throws SubmissionError when the path does not exist or is not a directory.
 */
export async function readSubmission(root: string): Promise<Submission> {
  const absRoot = path.resolve(root);
  const cache: ReadCache = new Map();
  const { labDir, reason, missing } = await findLabDir(absRoot, { cache });
  if (missing) {
    // A course repository without its Lab 4 folder is a submission that lacks the lab: it gets a
    // graded, failing row (exit 1) saying what was looked for, not a usage error (exit 2) and not a
    // grade of another lab's files. Only a path that does not exist or is not a folder is exit 2.
    const submission = buildSubmission(
      absRoot,
      absRoot,
      [],
      [{ severity: 'error', file: '', message: missing }],
    );
    submission.missingLabFolder = missing;
    return submission;
  }
  const { files, findings } = await collectFiles(labDir, { boundary: absRoot, cache });
  const where = path.relative(absRoot, labDir).split(path.sep).join('/') || '.';
  const located: Finding = { severity: 'info', file: '', message: `lab folder: ${where} (${reason})` };
  return buildSubmission(absRoot, labDir, files, [located, ...findings]);
}

/**
 * The pure part of readSubmission: everything after the files have been read (files with `text`
 * are the YAML and Markdown ones; the others are only listed).
 */
export function buildSubmission(
  root: string,
  labDir: string,
  files: readonly Pick<SubmissionFile, 'path' | 'size' | 'text'>[],
  findings: readonly Finding[] = [],
): Submission {
  const allFindings: Finding[] = [...findings];
  const yamlFiles: YamlFileInfo[] = [];
  const manifests: ManifestObject[] = [];
  const markdown: { path: string; text: string; size: number }[] = [];
  for (const f of files) {
    if (f.text === undefined) continue;
    const isYaml = YAML_FILE.test(f.path);
    if (isYaml || JSON_FILE.test(f.path)) {
      const loaded = isYaml ? loadYamlText(f.path, f.text) : loadJsonText(f.path, f.text);
      yamlFiles.push(loaded.info);
      manifests.push(...loaded.objects);
      allFindings.push(...loaded.findings);
    } else if (MARKDOWN_FILE.test(f.path)) {
      markdown.push({ path: f.path, text: f.text, size: f.size });
    }
  }
  const submission: Submission = {
    root,
    labDir,
    files: files.map((f) => f.path),
    yamlFiles,
    objects: classifyObjects(manifests),
    findings: allFindings,
  };
  const choice = chooseReport(markdown);
  if (choice) {
    const text = markdown.find((m) => m.path === choice.path)?.text ?? '';
    submission.report = { ...parseReport(choice.path, text, choice.header), text, reason: choice.reason };
  } else if (!findings.some((f) => f.unread && MARKDOWN_FILE.test(f.file))) {
    allFindings.push({
      severity: 'warning',
      file: '',
      message: 'no Markdown report (.md) in the lab folder',
    });
  }
  return submission;
}
