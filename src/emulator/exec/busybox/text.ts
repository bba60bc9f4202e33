/** Small busybox text applets used in pipelines: head, tail, wc, seq, tr-free basics. */
import { readFile } from '../fs.ts';
import type { Command, ExecContext } from '../types.ts';

function input(ctx: ExecContext, files: string[]): { text: string; error?: string } {
  if (files.length === 0) return { text: ctx.stdin };
  let text = '';
  for (const f of files) {
    const t = f === '-' ? ctx.stdin : readFile(ctx, f);
    if (t === undefined) return { text, error: `can't open '${f}': No such file or directory` };
    text += t;
  }
  return { text };
}

function lineCount(args: string[]): { n: number; files: string[] } {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  return { n, files };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const head: Command = (argv, ctx) => {
  const { n, files } = lineCount(argv.slice(1));
  const { text, error } = input(ctx, files);
  if (error) return { stdout: '', stderr: `head: ${error}\n`, exitCode: 1 };
  const lines = splitLines(text).slice(0, n);
  return { stdout: lines.map((l) => `${l}\n`).join(''), stderr: '', exitCode: 0 };
};

export const tail: Command = (argv, ctx) => {
  const { n, files } = lineCount(argv.slice(1));
  const { text, error } = input(ctx, files);
  if (error) return { stdout: '', stderr: `tail: ${error}\n`, exitCode: 1 };
  const lines = splitLines(text);
  return {
    stdout: lines
      .slice(Math.max(0, lines.length - n))
      .map((l) => `${l}\n`)
      .join(''),
    stderr: '',
    exitCode: 0,
  };
};

export const wc: Command = (argv, ctx) => {
  const flags = argv
    .slice(1)
    .filter((a) => a.startsWith('-') && a !== '-')
    .join('');
  const files = argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
  const { text, error } = input(ctx, files);
  if (error) return { stdout: '', stderr: `wc: ${error}\n`, exitCode: 1 };
  const counts: number[] = [];
  const all = flags === '';
  if (all || flags.includes('l')) counts.push((text.match(/\n/g) ?? []).length);
  if (all || flags.includes('w')) counts.push(text.split(/\s+/).filter((w) => w !== '').length);
  if (all || flags.includes('c')) counts.push(Buffer.byteLength(text));
  const body = counts.length === 1 ? String(counts[0]) : counts.map((c) => String(c).padStart(7)).join(' ');
  return { stdout: `${body}${files.length > 0 ? ` ${files.join(' ')}` : ''}\n`, stderr: '', exitCode: 0 };
};

export const seq: Command = (argv) => {
  const nums = argv.slice(1).map(Number);
  if (nums.length === 0 || nums.some((n) => !Number.isFinite(n)))
    return { stdout: '', stderr: `seq: invalid number '${argv[1] ?? ''}'\n`, exitCode: 1 };
  const [first, step, last] =
    nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
  let out = '';
  for (let i = first, n = 0; step > 0 ? i <= last : i >= last; i += step, n++) {
    if (n > 100000 || step === 0) break;
    out += `${i}\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
};
