/** busybox echo (ash builtin): `-n` drops the newline, `-e` interprets backslash escapes. */
import type { Command } from '../types.ts';

function interpretEscapes(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\' || i + 1 >= text.length) {
      out += text[i];
      continue;
    }
    const c = text[++i];
    const map: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      '\\': '\\',
      a: '\x07',
      b: '\b',
      v: '\v',
      f: '\f',
    };
    if (c === 'c') return { text: out, stop: true };
    out += map[c] ?? `\\${c}`;
  }
  return { text: out, stop: false };
}

export const echo: Command = (argv) => {
  const args = argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0])) {
    const f = args.shift()!;
    if (f.includes('n')) newline = false;
    if (f.includes('e')) escapes = true;
    if (f.includes('E')) escapes = false;
  }
  let text = args.join(' ');
  if (escapes) {
    const u = interpretEscapes(text);
    text = u.text;
    if (u.stop) newline = false;
  }
  return { stdout: newline ? `${text}\n` : text, stderr: '', exitCode: 0 };
};
