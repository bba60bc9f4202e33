/**
 * In-memory submissions for the static checks' tests: the lab's files as text (a header, the pools,
 * a Deployment, a Service, a report around some commands) and `gradeFiles`, which grades them without
 * touching the disk.
 */
import { runStaticChecks } from '../checks/static/index.ts';
import type { CheckResult } from '../checks/types.ts';
import { deriveFacts } from '../lab/facts.ts';
import { defaultRubric } from '../rubric/rubric.ts';
import { buildSubmission } from '../submission/read.ts';
import type { Finding } from '../submission/types.ts';

/**
 * Grades an in-memory submission: `{ 'lab4.md': '…', 'ippool.yaml': '…' }` (no disk), with the reader's
 * findings about files it left out (`unread`), if any.
 */
export function gradeFiles(
  files: Record<string, string>,
  findings: Finding[] = [],
): Map<string, CheckResult> {
  const submission = buildSubmission(
    '/sub',
    '/sub',
    Object.entries(files).map(([path, text]) => ({ path, text, size: Buffer.byteLength(text) })),
    findings,
  );
  return new Map(runStaticChecks(deriveFacts(submission, defaultRubric)).map((r) => [r.id, r]));
}

export const HEADER = `University: ITMO
Faculty: FICT
Course: Introduction to distributed technologies
Year: 2024/2025
Group: K4110c
Author: Test Student
Lab: Lab4
Date of create: 01.11.2024
Date of finished: 02.11.2024
`;

export const POOLS = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-0}
spec: {cidr: 192.168.0.0/24, nodeSelector: rack == "0"}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: rack-1}
spec: {cidr: 192.168.1.0/24, nodeSelector: rack == "1"}
`;

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: ifilyaninitmo/itdt-contained-frontend:master
          ports: [{name: http, containerPort: 3000}]
          env:
            - {name: REACT_APP_USERNAME, value: me}
            - {name: REACT_APP_COMPANY_NAME, value: itmo}
`;

export const report = (commands: string, extra = '') =>
  `${HEADER}\n\`\`\`bash\n${commands}\n\`\`\`\n${extra}`;

export const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
`;

/** A reader's finding for a file it did not read because of its size. */
export const tooLarge = (file: string): Finding => ({
  severity: 'warning',
  file,
  message: `${file} is 1.3 MiB, over the 1 MiB limit; not read`,
  unread: true,
});
