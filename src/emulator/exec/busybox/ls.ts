/** busybox ls of the few known directories; one name per line unless stdout is a terminal. */
import { listDir, readFile } from '../fs.ts';
import type { Command } from '../types.ts';

function columns(names: string[]): string {
  if (names.length === 0) return '';
  const width = Math.max(...names.map((n) => n.length)) + 2;
  const perLine = Math.max(1, Math.floor(80 / width));
  const rows = Math.ceil(names.length / perLine);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < perLine; c++) {
      const n = names[c * rows + r];
      if (n !== undefined) cells.push(n.padEnd(width));
    }
    lines.push(cells.join('').trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

export const ls: Command = (argv, ctx) => {
  const flags = argv.slice(1).filter((a) => a.startsWith('-') && a !== '-');
  const paths = argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
  const showAll = flags.some((f) => f.includes('a'));
  const onePerLine = !ctx.tty || flags.some((f) => f.includes('1') || f.includes('l'));
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const targets = paths.length > 0 ? paths : ['.'];
  targets.forEach((p, i) => {
    const names = listDir(ctx, p);
    if (names === undefined) {
      if (readFile(ctx, p) !== undefined) stdout += `${p}\n`;
      else {
        stderr += `ls: ${p}: No such file or directory\n`;
        exitCode = 1;
      }
      return;
    }
    const shown = showAll ? ['.', '..', ...names] : names;
    if (targets.length > 1) stdout += `${i > 0 ? '\n' : ''}${p}:\n`;
    stdout += onePerLine ? shown.map((n) => `${n}\n`).join('') : columns(shown);
  });
  return { stdout, stderr, exitCode };
};
