/** busybox grep, the options used on fetched pages: -o -i -v -c -q -E -F -w -n -m N -e PATTERN. */
import { readFile } from '../fs.ts';
import type { Command } from '../types.ts';
import { getopt } from './getopt.ts';

/** Translates a POSIX basic regular expression to a JavaScript one (\( \) \{ \} \| groups). */
function fromBasic(re: string): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\' && i + 1 < re.length) {
      const n = re[++i];
      out += '(){}|+?'.includes(n) ? n : `\\${n}`;
    } else out += '(){}|+?'.includes(c) ? `\\${c}` : c;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const grep: Command = (argv, ctx) => {
  const opts = getopt(argv.slice(1), 'oivcqEFwnHhsm:e:r');
  if (opts.error) return { stdout: '', stderr: `grep: ${opts.error}\n`, exitCode: 2 };
  const operands = [...opts.operands];
  const pattern = opts.values.get('e') ?? operands.shift();
  if (pattern === undefined) return { stdout: '', stderr: 'grep: no pattern\n', exitCode: 2 };
  let source = opts.flags.has('F') ? escapeRe(pattern) : opts.flags.has('E') ? pattern : fromBasic(pattern);
  if (opts.flags.has('w')) source = `\\b(?:${source})\\b`;
  let re: RegExp;
  try {
    re = new RegExp(source, opts.flags.has('i') ? 'gi' : 'g');
  } catch {
    return { stdout: '', stderr: `grep: bad regex '${pattern}'\n`, exitCode: 2 };
  }
  const max = opts.values.has('m') ? Number(opts.values.get('m')) : Number.POSITIVE_INFINITY;
  const inputs: { name: string; text: string }[] = [];
  let stderr = '';
  if (operands.length === 0) inputs.push({ name: '(standard input)', text: ctx.stdin });
  for (const f of operands) {
    const text = f === '-' ? ctx.stdin : readFile(ctx, f);
    if (text === undefined) stderr += opts.flags.has('s') ? '' : `grep: ${f}: No such file or directory\n`;
    else inputs.push({ name: f, text });
  }
  const showName = (operands.length > 1 || opts.flags.has('H')) && !opts.flags.has('h');
  let stdout = '';
  let matched = 0;
  for (const { name, text } of inputs) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    lines.forEach((line, idx) => {
      if (count >= max) return;
      re.lastIndex = 0;
      const hit = re.test(line) !== opts.flags.has('v');
      if (!hit) return;
      count++;
      const prefix = `${showName ? `${name}:` : ''}${opts.flags.has('n') ? `${idx + 1}:` : ''}`;
      if (opts.flags.has('c') || opts.flags.has('q')) return;
      if (opts.flags.has('o') && !opts.flags.has('v')) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') stdout += `${prefix}${m[0]}\n`;
      } else stdout += `${prefix}${line}\n`;
    });
    matched += count;
    if (opts.flags.has('c')) stdout += `${showName ? `${name}:` : ''}${count}\n`;
  }
  if (opts.flags.has('q')) stdout = '';
  const exitCode = stderr !== '' && matched === 0 ? 2 : matched > 0 ? 0 : 1;
  return { stdout, stderr, exitCode };
};
