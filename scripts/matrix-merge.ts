/**
 * Merges the matrix.json of a workflow's cells (.github/workflows/calico-matrix.yml: one cell per
 * job, each uploading its report folder) into one matrix.json and matrix.md, and adds the table to the
 * GitHub step summary when there is one. A zx script, run by tsx:
 *
 *   tsx scripts/matrix-merge.ts --out DIR FILE_OR_DIR...
 *
 * A directory is searched for matrix.json at any depth (the folder actions/download-artifact fills,
 * one sub-folder per cell). Exit code: the merged matrix's (0 every cell ✅, 1 a cell ❌ or ⛔,
 * 3 a cell not graded), 2 bad input.
 */
import { echo, fs, glob, parseArgv, path } from 'zx';
import { matrixExitCode } from '../src/matrix/cell.ts';
import { MatrixJsonError, mergeMatrices, parseMatrixJson, renderMatrixJson } from '../src/matrix/json.ts';
import { renderMatrixMarkdown } from '../src/matrix/markdown.ts';
import { appendStepSummary } from '../src/report/github-actions.ts';
import { safeText } from '../src/report/safe-text.ts';

/** The matrix.json files named or found under the arguments, each folder's in path order. */
export async function matrixFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (!(await fs.pathExists(arg))) throw new MatrixJsonError(`${arg}: no such file or directory`);
    if (!(await fs.stat(arg)).isDirectory()) files.push(arg);
    else files.push(...(await glob('**/matrix.json', { cwd: arg, absolute: true })).sort());
  }
  if (files.length === 0) throw new MatrixJsonError(`no matrix.json in ${args.join(', ')}`);
  return files;
}

export async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgv([...argv], { string: ['out'] });
  const inputs = args._.map(String);
  if (!args.out || inputs.length === 0) {
    process.stderr.write('usage: matrix-merge.ts --out DIR FILE_OR_DIR...\n');
    return 2;
  }
  const files = await matrixFiles(inputs);
  const docs = await Promise.all(
    files.map(async (source) => ({
      source,
      doc: parseMatrixJson(await fs.readFile(source, 'utf8'), source),
    })),
  );
  const merged = mergeMatrices(docs);
  const markdown = renderMatrixMarkdown(merged);
  await fs.mkdirp(args.out);
  await fs.writeFile(path.join(args.out, 'matrix.json'), renderMatrixJson(merged));
  await fs.writeFile(path.join(args.out, 'matrix.md'), markdown);
  await appendStepSummary(markdown);
  echo(`merged ${files.length} file(s), ${merged.cells.length} cell(s) into ${safeText(args.out)}`);
  return matrixExitCode(merged.cells);
}

// Run as a script (tsx scripts/matrix-merge.ts …), not when a test imports it.
if (process.argv[1]?.endsWith('matrix-merge.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`matrix-merge: ${safeText(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = e instanceof MatrixJsonError ? 2 : 3;
    },
  );
}
