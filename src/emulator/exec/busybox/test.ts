/** `test` / `[`: string, integer and file tests. */
import { listDir, readFile } from '../fs.ts';
import type { Command, ExecContext } from '../types.ts';

function evaluate(args: string[], ctx: ExecContext): boolean {
  if (args.length === 0) return false;
  if (args[0] === '!') return !evaluate(args.slice(1), ctx);
  const aIdx = args.indexOf('-a');
  if (aIdx > 0) return evaluate(args.slice(0, aIdx), ctx) && evaluate(args.slice(aIdx + 1), ctx);
  const oIdx = args.indexOf('-o');
  if (oIdx > 0) return evaluate(args.slice(0, oIdx), ctx) || evaluate(args.slice(oIdx + 1), ctx);
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, v] = args;
    if (op === '-z') return v === '';
    if (op === '-n') return v !== '';
    if (op === '-e') return readFile(ctx, v) !== undefined || listDir(ctx, v) !== undefined;
    if (op === '-f') return readFile(ctx, v) !== undefined;
    if (op === '-d') return listDir(ctx, v) !== undefined;
    return false;
  }
  const [l, op, r] = args;
  switch (op) {
    case '=':
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '-eq':
      return Number(l) === Number(r);
    case '-ne':
      return Number(l) !== Number(r);
    case '-lt':
      return Number(l) < Number(r);
    case '-le':
      return Number(l) <= Number(r);
    case '-gt':
      return Number(l) > Number(r);
    case '-ge':
      return Number(l) >= Number(r);
    default:
      return false;
  }
}

export const test: Command = (argv, ctx) => {
  let args = argv.slice(1);
  if (argv[0] === '[' || argv[0].endsWith('/[')) {
    if (args[args.length - 1] !== ']') return { stdout: '', stderr: '[: missing ]\n', exitCode: 2 };
    args = args.slice(0, -1);
  }
  return { stdout: '', stderr: '', exitCode: evaluate(args, ctx) ? 0 : 1 };
};
