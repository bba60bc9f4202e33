import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADER, IPPOOL_YAML, makeTree } from '../testing/submission-tree.ts';
import { findLabDir, SubmissionError } from './locate.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function tree(files: Record<string, string | Buffer>) {
  const t = makeTree(files);
  cleanup = t.cleanup;
  return t.root;
}

describe('findLabDir', () => {
  it('uses the given folder when it holds an IPPool manifest', async () => {
    const root = tree({ 'pools.yaml': IPPOOL_YAML, 'lab4/x.md': 'x' });
    expect(await findLabDir(root)).toEqual({
      labDir: root,
      reason: 'the given folder holds an IPPool manifest (pools.yaml)',
    });
  });

  it('uses the given folder when its report header names Lab 4', async () => {
    const root = tree({ 'report.md': HEADER });
    expect((await findLabDir(root)).labDir).toBe(root);
  });

  it.each(['lab4', 'lab_4', 'Lab4', 'lab-4', 'LAB4', 'Lab 4', 'lab 4', 'lab04', 'Lab4_calico'])(
    'finds a folder named %s',
    async (name) => {
      const root = tree({
        'lab1/README.md': 'x',
        'lab40/x.md': 'x',
        [`${name}/README.md`]: 'report',
        'README.md': '# repo',
      });
      const found = await findLabDir(root);
      expect(found.labDir).toBe(path.join(root, name));
      expect(found.reason).toContain(name);
    },
  );

  it('prefers the shallowest, then the exact name', async () => {
    const root = tree({ 'labs/lab4/a.md': 'x', 'lab4-extra/a.md': 'x', 'course/lab_4/a.md': 'x' });
    expect((await findLabDir(root)).labDir).toBe(path.join(root, 'lab4-extra'));
    const root2 = tree({ 'Lab4_old/a.md': 'x', 'lab4/a.md': 'x' });
    expect((await findLabDir(root2)).labDir).toBe(path.join(root2, 'lab4'));
  });

  it('searches three levels down by name', async () => {
    const root = tree({ 'a/b/lab4/r.md': 'x', 'a/b/c/lab4/r.md': 'x' });
    expect((await findLabDir(root)).labDir).toBe(path.join(root, 'a/b/lab4'));
  });

  it('falls back to the folder that holds an IPPool manifest', async () => {
    const root = tree({
      'README.md': '# repo',
      'networking/pools.yml': IPPOOL_YAML,
      'other/x.yaml': 'kind: Pod\n',
    });
    const found = await findLabDir(root);
    expect(found.labDir).toBe(path.join(root, 'networking'));
    expect(found.reason).toMatch(/IPPool/);
  });

  it('finds the folder of a JSON IPPool manifest too', async () => {
    const root = tree({
      'README.md': '# repo',
      'k8s/pools.json': '{"apiVersion": "projectcalico.org/v3", "kind": "IPPool"}',
    });
    expect((await findLabDir(root)).labDir).toBe(path.join(root, 'k8s'));
  });

  it('falls back to the given folder', async () => {
    const root = tree({ 'README.md': '# nothing here' });
    expect(await findLabDir(root)).toEqual({
      labDir: root,
      reason: expect.stringMatching(/no Lab 4 folder/),
    });
  });

  it('says Lab 4 is missing in a repository of other labs, instead of grading the repository', async () => {
    const root = tree({
      'README.md': '# labs',
      'lab1/README.md': HEADER.replace('Lab: Lab4', 'Lab: Lab1'),
      'Lab_2/report.md': 'x',
      'lab3-docker/app.yaml': 'kind: Pod\n',
    });
    const found = await findLabDir(root);
    expect(found.labDir).toBe(root);
    expect(found.missing).toBe(
      'no Lab 4 folder; looked for lab4, lab_4, Lab 4, lab-4, lab04, laba4, labwork4, лаб4, lr4 (any case, up to 3 levels down) and for a folder holding an IPPool manifest or a Lab 4 report, and found only Lab_2, lab1, lab3-docker',
    );
  });

  it('counts any other lab number as another lab (lab40 too); a folder of no labs is graded as is', async () => {
    const root = tree({ 'notes/x.md': 'x', 'lab40/y.md': 'y' });
    expect((await findLabDir(root)).missing).toContain('found only lab40');
    const plain = tree({ 'notes/x.md': 'x' });
    expect((await findLabDir(plain)).missing).toBeUndefined();
  });

  it('recognises a Lab 4 report saved as UTF-16 without a byte-order mark', async () => {
    const root = tree({ 'lab1/a.md': 'x', 'work/report.md': Buffer.from(HEADER, 'utf16le') });
    expect((await findLabDir(root)).labDir).toBe(path.join(root, 'work'));
  });

  it('throws a SubmissionError for a missing path or a file', async () => {
    const root = tree({ 'f.txt': 'x' });
    await expect(findLabDir(path.join(root, 'missing'))).rejects.toMatchObject({
      name: 'SubmissionError',
      code: 'not-found',
      message: expect.stringMatching(/does not exist/),
    });
    const file = path.join(root, 'f.txt');
    writeFileSync(file, 'x');
    const err = await findLabDir(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubmissionError);
    expect(err).toMatchObject({ code: 'not-a-directory' });
  });
});
