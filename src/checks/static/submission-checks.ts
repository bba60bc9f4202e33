import { HEADER_FIELDS } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import type { StaticFacts } from './facts.ts';
import { fail, listWords, notShown, pass, where } from './outcome.ts';

export function manifestsCheck(f: StaticFacts): CheckOutcome {
  const { submission } = f;
  const broken = submission.yamlFiles.filter((y) => y.error);
  const skipped = submission.findings.filter((x) => x.severity === 'error' || x.severity === 'warning');
  if (broken.length > 0) {
    const first = broken[0]!;
    const pos = first.error?.line ? `${first.file}:${first.error.line}:${first.error.col ?? 1}` : first.file;
    return fail(
      `${broken.length} YAML file(s) do not parse: ${pos}: ${first.error?.message}`,
      `Fix the YAML syntax at ${pos} (indentation and 'key: value' pairs); check it with \`kubectl apply --dry-run=client -f ${first.file}\`.`,
      { broken: broken.map((b) => ({ file: b.file, ...b.error })), findings: skipped },
    );
  }
  const committed = submission.objects.length;
  if (committed === 0) {
    return notShown(
      `no Kubernetes manifest in ${submission.yamlFiles.length} YAML file(s) of the lab folder`,
      'Commit the IPPool, Deployment and Service manifests (.yaml) next to your report.',
      { files: submission.files },
    );
  }
  const kinds = [...new Set(submission.objects.map((o) => o.kind))];
  return pass(
    `${committed} object(s) in ${submission.yamlFiles.length} YAML file(s) parse: ${kinds.join(', ')}`,
    { yamlFiles: submission.yamlFiles.map((y) => y.file), findings: skipped },
  );
}

export function reportCheck(f: StaticFacts): CheckOutcome {
  const report = f.submission.report;
  if (!report) {
    return notShown(
      'no report (.md) found in the lab folder',
      'Add the lab report as a Markdown file with the course header (University, Faculty, Course, Year, Group, Author, Lab, Date of create, Date of finished).',
    );
  }
  const missing = HEADER_FIELDS.filter((h) => report.header[h] === undefined);
  // The course template leaves "Date of finished" blank until the lab is accepted: an empty field is
  // noted, only an absent one fails.
  const empty = HEADER_FIELDS.filter(
    (h) => report.header[h] !== undefined && report.header[h]?.trim() === '',
  );
  const emptyNote = empty.length ? ` (left empty: ${listWords(empty)})` : '';
  if (missing.length > 0) {
    return fail(
      `${report.file}: the course header lacks ${listWords(missing)}${emptyNote}`,
      `Add the missing header lines at the top of ${report.file}, e.g. \`${missing[0] as string}: …\`.`,
      { header: report.header, missing, empty },
    );
  }
  return pass(`${where(report.file)} has every header field${emptyNote}`, { header: report.header, empty });
}
