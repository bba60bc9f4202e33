import type { LabFacts } from '../../lab/facts.ts';
import { type Finding, HEADER_FIELDS, type Submission } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, listWords, notShown, pass, where } from './outcome.ts';

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;
const MARKDOWN_FILE = /\.(?:md|markdown)$/i;
const MISSING_LAB_HINT =
  'Put Lab 4 in its own folder named `lab4` (next to lab1, lab2…) holding the report and the manifests, or give the Lab 4 folder itself.';

/** Files the reader could not read (size, encoding) whose names match `ext`. */
function unreadFindings(submission: Submission, ext: RegExp): Finding[] {
  return submission.findings.filter((x) => x.unread && ext.test(x.file));
}

/**
 * Why there is no report although a Markdown file was committed (too large, not text), for the checks
 * that read the report; undefined when a report was read or none was committed.
 */
export function unreadReport(submission: Submission): string | undefined {
  if (submission.report) return undefined;
  const unread = unreadFindings(submission, MARKDOWN_FILE);
  return unread.length ? unread.map((u) => u.message).join('; ') : undefined;
}

/** The file cap's note (files left out, which they were), if it bit. */
function capNote(submission: Submission): string {
  const cap = submission.findings.filter((x) => x.unread && x.file === '');
  return cap.length ? `; ${cap.map((x) => x.message).join('; ')}` : '';
}

export function manifestsCheck(f: LabFacts): CheckOutcome {
  const { submission } = f;
  if (submission.missingLabFolder) return fail(submission.missingLabFolder, MISSING_LAB_HINT);
  const broken = submission.yamlFiles.filter((y) => y.error);
  const skipped = submission.findings.filter((x) => x.severity === 'error' || x.severity === 'warning');
  const unread = unreadFindings(submission, MANIFEST_FILE);
  if (broken.length > 0) {
    const first = broken[0]!;
    const pos = first.error?.line ? `${first.file}:${first.error.line}:${first.error.col ?? 1}` : first.file;
    const others = broken.length > 1 ? ` (also ${listWords(broken.slice(1).map((b) => b.file))})` : '';
    return fail(
      `${broken.length} manifest file(s) do not parse: ${pos}: ${first.error?.message}${others}`,
      `Fix the syntax at ${pos} (indentation and 'key: value' pairs); check it with \`kubectl apply --dry-run=client -f ${first.file}\`.`,
      { broken: broken.map((b) => ({ file: b.file, ...b.error })), findings: skipped },
    );
  }
  const committed = submission.objects.length;
  const files = `${submission.yamlFiles.length} manifest file(s)`;
  // A file left unread (over the size limit, not text) fails the check only when nothing else was
  // read: a vendored 1.4 MiB tigera-operator.yaml next to the lab's own manifests is not a mistake.
  const unreadText = unread.map((u) => u.message).join('; ');
  if (committed === 0 && unread.length > 0) {
    return fail(
      `no manifest read: ${unreadText}${capNote(submission)}`,
      "Commit the lab's manifests as UTF-8 text files under 1 MiB each.",
      { unread, findings: skipped },
    );
  }
  if (committed === 0) {
    return notShown(
      `no Kubernetes manifest in ${files} of the lab folder${capNote(submission)}`,
      'Commit the IPPool, Deployment and Service manifests (.yaml) next to your report.',
      { files: submission.files },
    );
  }
  const kinds = [...new Set(submission.objects.map((o) => o.kind))];
  const note = unread.length ? ` (not read: ${unreadText})` : '';
  return pass(`${committed} object(s) in ${files} parse: ${kinds.join(', ')}${note}${capNote(submission)}`, {
    yamlFiles: submission.yamlFiles.map((y) => y.file),
    findings: skipped,
  });
}

export function reportCheck(f: LabFacts): CheckOutcome {
  const { submission } = f;
  if (submission.missingLabFolder) return fail(submission.missingLabFolder, MISSING_LAB_HINT);
  const report = submission.report;
  const unread = unreadFindings(submission, MARKDOWN_FILE);
  if (!report) {
    if (unread.length > 0) {
      // The report is there but the reader could not take it: say why, not "no report".
      return fail(
        `no report read: ${unread.map((u) => u.message).join('; ')}`,
        'Keep the report under 1 MiB as UTF-8 text: put screenshots in image files and long logs in separate files.',
        { unread },
      );
    }
    return notShown(
      'no report (.md) found in the lab folder',
      'Add the lab report as a Markdown file with the course header (University, Faculty, Course, Year, Group, Author, Lab, Date of create, Date of finished).',
    );
  }
  const unreadNote = unread.length ? ` (not read: ${unread.map((u) => u.message).join('; ')})` : '';
  const missing = HEADER_FIELDS.filter((h) => report.header[h] === undefined);
  // The course template leaves "Date of finished" blank until the lab is accepted: an empty field is
  // noted, only an absent one fails.
  const empty = HEADER_FIELDS.filter(
    (h) => report.header[h] !== undefined && report.header[h]?.trim() === '',
  );
  const emptyNote = empty.length ? ` (left empty: ${listWords(empty)})` : '';
  if (missing.length > 0) {
    return fail(
      `${report.file}: the course header lacks ${listWords(missing)}${emptyNote}${unreadNote}`,
      `Add the missing header lines at the top of ${report.file}, e.g. \`${missing[0] as string}: …\`.`,
      { header: report.header, missing, empty },
    );
  }
  return pass(`${where(report.file)} has every header field${emptyNote}${unreadNote}`, {
    header: report.header,
    empty,
  });
}
