/** busybox cat: files from the emulated container filesystem, `-` or no operand = stdin. */
import { listDir, readFile } from '../fs.ts';
import type { Command } from '../types.ts';

export const cat: Command = (argv, ctx) => {
  const files = argv.slice(1).filter((a) => a === '-' || !a.startsWith('-'));
  if (files.length === 0) return { stdout: ctx.stdin, stderr: '', exitCode: 0 };
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const f of files) {
    if (f === '-') {
      stdout += ctx.stdin;
      continue;
    }
    const content = readFile(ctx, f);
    if (content !== undefined) stdout += content;
    else {
      stderr += listDir(ctx, f)
        ? `cat: read error: Is a directory\n`
        : `cat: can't open '${f}': No such file or directory\n`;
      exitCode = 1;
    }
  }
  return { stdout, stderr, exitCode };
};
