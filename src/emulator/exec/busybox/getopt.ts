/**
 * Option parsing like busybox getopt32 under musl: short options, clustered (`-qc3`) or with a
 * separate argument (`-c 3`); parsing stops at the first operand (musl does not permute), `--` ends
 * options. Long options are matched when listed.
 */

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
  /** An unknown option or a missing argument: the applet prints its usage. */
  error?: string;
}

/** `spec`: letters; a letter followed by ':' takes an argument. `long` maps `--name` to a letter. */
export function getopt(args: string[], spec: string, long: Record<string, string> = {}): ParsedOptions {
  const takesArg = new Set<string>();
  const known = new Set<string>();
  for (let i = 0; i < spec.length; i++) {
    if (spec[i] === ':') continue;
    known.add(spec[i]);
    if (spec[i + 1] === ':') takesArg.add(spec[i]);
  }
  const out: ParsedOptions = { flags: new Set(), values: new Map(), operands: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      const letter = long[name];
      if (!letter) return { ...out, error: `unrecognized option '${a}'` };
      if (takesArg.has(letter)) {
        const v = inline ?? args[++i];
        if (v === undefined) return { ...out, error: `option '${a}' requires an argument` };
        out.values.set(letter, v);
      } else out.flags.add(letter);
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (!known.has(c)) return { ...out, error: `invalid option -- '${c}'` };
      if (takesArg.has(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return { ...out, error: `option requires an argument -- '${c}'` };
        out.values.set(c, v);
        break;
      }
      out.flags.add(c);
    }
  }
  out.operands = args.slice(i);
  return out;
}

export const BUSYBOX_BANNER = 'BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.';

/** busybox bb_show_usage(): banner and usage on stderr, exit 1. */
export function usage(
  applet: string,
  text: string,
  error?: string,
): { stdout: string; stderr: string; exitCode: number } {
  const prefix = error ? `${applet}: ${error}\n` : '';
  return { stdout: '', stderr: `${prefix}${BUSYBOX_BANNER}\n\nUsage: ${text}\n`, exitCode: 1 };
}
