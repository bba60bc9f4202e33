/**
 * Entry of the stand-in `minikube` (bin/minikube): finds the subcommand like cobra, parses its
 * flags with pflag's rules and runs it. Command modules are imported lazily to keep each CLI
 * call fast. Exit codes follow minikube (14 = usage, 85 = profile not found, …).
 */
import type { Writable } from 'node:stream';
import { FlagError, GLOBAL_FLAGS, parseArgs, splitCommand } from './args.ts';
import type { CommandModule } from './command.ts';
import { Console, ExitError, wantsColor } from './output.ts';

type Loader = () => Promise<CommandModule>;

const COMMANDS: Record<string, Loader> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  stop: async () => (await import('./commands/stop.ts')).stopCommand,
  delete: async () => (await import('./commands/delete.ts')).deleteCommand,
  status: async () => (await import('./commands/status.ts')).statusCommand,
  'profile list': async () => (await import('./commands/profile-list.ts')).profileListCommand,
  ip: async () => (await import('./commands/ip.ts')).ipCommand,
  ssh: async () => (await import('./commands/ssh.ts')).sshCommand,
  service: async () => (await import('./commands/service.ts')).serviceCommand,
  'node list': async () => (await import('./commands/node-list.ts')).nodeListCommand,
  kubectl: async () => (await import('./commands/kubectl.ts')).kubectlCommand,
  version: async () => (await import('./commands/version.ts')).versionCommand,
  'update-context': async () => (await import('./commands/update-context.ts')).updateContextCommand,
};

/** Parent commands that only group subcommands (`profile`, `node`). */
const GROUPS = new Set(['profile', 'node']);

function isCommandPath(path: string[]): boolean {
  const key = path.join(' ');
  return key in COMMANDS || GROUPS.has(key);
}

export interface MinikubeIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** Whether stderr is a terminal (decides emoji vs `* ` prefixes). */
  isTerminal?: boolean;
}

/** cobra: `Error: <message>`, then the usage (minikube shortens it here), exit ExProgramUsage. */
function usageError(con: Console, message: string, use: string): number {
  con.err(`Error: ${message}\n`);
  con.err(
    `Usage:\n  minikube ${use}\n\nUse "minikube options" for a list of global command-line options (applies to all commands).\n`,
  );
  return 14;
}

export async function runMinikube(argv: readonly string[], io: MinikubeIo): Promise<number> {
  const con = new Console(io.stdout, io.stderr, wantsColor(io.env, io.isTerminal ?? false));
  const { path, rest } = splitCommand(argv, isCommandPath);
  const key = path.join(' ');
  const load = COMMANDS[key];
  if (!load) {
    if (path.length === 0 && rest.length === 0) {
      con.err(
        'minikube provisions and manages local Kubernetes clusters (emulated stand-in).\n\nUsage:\n  minikube [command]\n',
      );
      return 0;
    }
    const unknown = rest.find((a) => !a.startsWith('-'));
    const parent = path.length > 0 ? `minikube ${key}` : 'minikube';
    con.err(
      `Error: unknown command "${unknown ?? key}" for "${parent}"\nRun '${parent} --help' for usage.\n`,
    );
    return 14;
  }
  const command = await load();
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(rest, [
      ...command.flags,
      ...GLOBAL_FLAGS.filter(
        (g) => !command.flags.some((f) => f.name === g.name || (f.short && f.short === g.short)),
      ),
    ]);
  } catch (e) {
    if (e instanceof FlagError) return usageError(con, e.message, command.use);
    throw e;
  }
  if (args.flags.help) {
    con.out(`Usage:\n  minikube ${command.use}\n`);
    return 0;
  }
  try {
    return await command.run({ env: io.env, con, args, profile: String(args.flags.profile) });
  } catch (e) {
    if (e instanceof ExitError) return e.exitCode;
    throw e;
  }
}

/** bin/minikube's entry: real process streams, real exit code. */
export async function main(): Promise<void> {
  try {
    const code = await runMinikube(process.argv.slice(2), {
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      isTerminal: Boolean(process.stderr.isTTY),
    });
    process.exitCode = code;
  } catch (e) {
    process.stderr.write(
      `❌  minikube stand-in failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  }
}
