/**
 * Command-line parsing with the rules of spf13/pflag + cobra, which minikube uses: `--name=v`,
 * `--name v`, `-n v`, `-n=v`, `-nv`, grouped boolean shorthands `-ab`, `--flag=false`, flags
 * interspersed with positionals, and `--` ending flag parsing. Error texts are pflag's.
 */

export type FlagType = 'string' | 'bool' | 'int' | 'strings' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: FlagValue;
  /** pflag's NoOptDefVal: the value used when the flag is given without `=value`. */
  noOptDefault?: string;
}

export type FlagValue = string | boolean | number | string[];

export interface ParsedArgs {
  flags: Record<string, FlagValue>;
  /** Flags the user set explicitly (cobra's `Flags().Changed`). */
  changed: Set<string>;
  /** Positionals before `--`. */
  positionals: string[];
  /** Everything after `--` (undefined when there was no `--`). */
  afterDash: string[] | undefined;
}

/** A flag error; minikube prints `Error: <message>` and exits with ExProgramUsage. */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** minikube's global (persistent) flags; accepted by every subcommand. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'profile', short: 'p', type: 'string', default: 'minikube' },
  { name: 'alsologtostderr', type: 'bool' },
  { name: 'logtostderr', type: 'bool' },
  { name: 'log_dir', type: 'string' },
  { name: 'log_file', type: 'string' },
  { name: 'v', short: 'v', type: 'int', default: 0 },
  { name: 'user', type: 'string' },
  { name: 'skip-audit', type: 'bool' },
  { name: 'rootless', type: 'bool' },
  { name: 'bootstrapper', short: 'b', type: 'string', default: 'kubeadm' },
  { name: 'help', short: 'h', type: 'bool' },
];

function defaultOf(spec: FlagSpec): FlagValue {
  if (spec.default !== undefined) return spec.default;
  switch (spec.type) {
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'strings':
      return [];
    default:
      return '';
  }
}

function describe(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

/** Go duration syntax (`6m0s`, `90s`, `1h30m`, `500ms`) in milliseconds; throws on garbage. */
export function parseGoDuration(text: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * units[m[2]];
    matched += m[0].length;
  }
  if (matched === 0 || matched !== text.length) throw new Error(`time: invalid duration "${text}"`);
  return total;
}

function convert(spec: FlagSpec, raw: string, current: FlagValue): FlagValue {
  const invalid = (why: string) =>
    new FlagError(`invalid argument "${raw}" for "${describe(spec)}" flag: ${why}`);
  switch (spec.type) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (['1', 't', 'true'].includes(v)) return true;
      if (['0', 'f', 'false'].includes(v)) return false;
      throw invalid(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
    }
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) throw invalid(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number.parseInt(raw, 10);
    }
    case 'strings': {
      // StringSlice: repeated flags append, each value is comma-separated (CSV in pflag).
      const previous = Array.isArray(current) ? current : [];
      return [...previous, ...(raw === '' ? [] : raw.split(','))];
    }
    case 'duration':
      try {
        parseGoDuration(raw);
      } catch (e) {
        throw invalid((e as Error).message);
      }
      return raw;
    default:
      return raw;
  }
}

/**
 * Parses argv against the given flag specs. Unknown flags throw FlagError with pflag's text
 * (`unknown flag: --x`, `unknown shorthand flag: 'x' in -x`).
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const flags: Record<string, FlagValue> = {};
  for (const s of specs) flags[s.name] = defaultOf(s);
  const changed = new Set<string>();
  const positionals: string[] = [];
  // A StringSlice given on the command line replaces its default instead of appending to it.
  const set = (spec: FlagSpec, raw: string) => {
    const current = changed.has(spec.name) ? flags[spec.name] : [];
    flags[spec.name] = convert(spec, raw, current);
    changed.add(spec.name);
  };

  let i = 0;
  while (i < argv.length) {
    const arg = argv[i++];
    if (arg === '--') return { flags, changed, positionals, afterDash: argv.slice(i) };
    if (arg.startsWith('--') && arg.length > 2) {
      const body = arg.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, 'true');
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else if (i < argv.length) set(spec, argv[i++]);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Shorthand cluster: -abc, -n2, -n=2, -n 2.
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = rest[0];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${rest}`);
        const after = rest.slice(1);
        if (after.startsWith('=')) {
          set(spec, after.slice(1));
          rest = '';
        } else if (spec.type === 'bool') {
          set(spec, 'true');
          rest = after;
        } else if (after.length > 0) {
          set(spec, after);
          rest = '';
        } else if (spec.noOptDefault !== undefined) {
          set(spec, spec.noOptDefault);
          rest = '';
        } else if (i < argv.length) {
          set(spec, argv[i++]);
          rest = '';
        } else {
          throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        }
      }
      continue;
    }
    positionals.push(arg);
  }
  return { flags, changed, positionals, afterDash: undefined };
}

/**
 * Splits argv into the subcommand path and the rest, the way cobra's Find does: leading
 * words that name known (sub)commands, skipping global flags and their values anywhere before.
 */
export function splitCommand(
  argv: readonly string[],
  isCommandPath: (path: string[]) => boolean,
): { path: string[]; rest: string[] } {
  const globalsWithValue = new Set(
    GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [
      `--${f.name}`,
      ...(f.short ? [`-${f.short}`] : []),
    ]),
  );
  const path: string[] = [];
  const rest: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      rest.push(arg);
      if (globalsWithValue.has(arg) && i + 1 < argv.length) rest.push(argv[++i]);
      i++;
      continue;
    }
    if (isCommandPath([...path, arg])) {
      path.push(arg);
      i++;
      continue;
    }
    break;
  }
  rest.push(...argv.slice(i));
  return { path, rest };
}
