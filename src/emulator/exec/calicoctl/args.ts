/** docopt-like argument reading for the calicoctl subcommands we emulate. */

export interface CalicoctlArgs {
  positionals: string[];
  options: Map<string, string | true>;
  /** First unknown option, if any. */
  unknown?: string;
}

/** Options that take a value, by every spelling, mapped to their long name. */
const VALUED: Record<string, string> = {
  '-o': '--output',
  '--output': '--output',
  '-f': '--filename',
  '--filename': '--filename',
  '-p': '--patch',
  '--patch': '--patch',
  '-t': '--type',
  '--type': '--type',
  '-c': '--config',
  '--config': '--config',
  '-n': '--namespace',
  '--namespace': '--namespace',
  '--ip': '--ip',
  '--context': '--context',
  '-l': '--log-level',
  '--log-level': '--log-level',
  '--poll': '--poll',
};

const FLAGS: Record<string, string> = {
  '--allow-version-mismatch': '--allow-version-mismatch',
  '-A': '--all-namespaces',
  '--all-namespaces': '--all-namespaces',
  '--export': '--export',
  '--skip-exists': '--skip-exists',
  '--skip-not-exists': '--skip-not-exists',
  '--skip-empty': '--skip-empty',
  '-R': '--recursive',
  '--recursive': '--recursive',
  '--show-blocks': '--show-blocks',
  '--show-borrowed': '--show-borrowed',
  '--show-configuration': '--show-configuration',
  '-h': '--help',
  '--help': '--help',
};

export function parseArgs(args: string[]): CalicoctlArgs {
  const out: CalicoctlArgs = { positionals: [], options: new Map() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (VALUED[name]) {
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) {
        out.unknown ??= a;
        continue;
      }
      out.options.set(VALUED[name], value);
    } else if (/^-[ofpcnlt].+/.test(a) && VALUED[a.slice(0, 2)]) {
      out.options.set(VALUED[a.slice(0, 2)], a.slice(2));
    } else if (FLAGS[a]) out.options.set(FLAGS[a], true);
    else out.unknown ??= a;
  }
  return out;
}
