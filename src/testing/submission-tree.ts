/** Submissions on disk for the reader's tests: a temporary folder tree built from `{ path: text }`. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A temporary folder tree for the reader's tests: `{ 'lab4/a.yaml': 'text' }`. */
export function makeTree(files: Record<string, string | Buffer>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'submission-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    if (rel.endsWith('/')) mkdirSync(abs, { recursive: true });
    else writeFileSync(abs, content);
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export const IPPOOL_YAML = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: rack-0-ippool
spec:
  cidr: 192.168.0.0/24
  nodeSelector: rack == "0"
`;

export const HEADER = `University: ITMO
Faculty: FICT
Course: Introduction to distributed technologies
Year: 2024/2025
Group: K4110c
Author: Student
Lab: Lab4
Date of create: 01.12.2024
Date of finished:
`;
