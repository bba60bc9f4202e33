/**
 * `minikube kubectl -- ARGS` (cmd/minikube/cmd/kubectl.go): runs the real kubectl with
 * `--cluster=<profile>` inserted before the first flag. The kubectl is the first one on PATH
 * that is not in the stand-in's own bin directory.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';
import { SIM_BIN_DIR } from '../../../minikube/stand-in.ts';
import type { CommandContext, CommandModule } from '../command.ts';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

export function findKubectl(pathEnv: string, skipDir = SIM_BIN_DIR): string | undefined {
  const skip = real(skipDir);
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir || real(dir) === skip) continue;
    const candidate = path.join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** The argument list minikube passes: `--cluster=P` before the first flag (after the verbs). */
export function kubectlArgs(args: string[], profile: string): string[] {
  if (args.length === 0) return [];
  const firstFlag = args.findIndex((a) => a.startsWith('-'));
  const at = firstFlag < 0 ? args.length : firstFlag;
  return [...args.slice(0, at), `--cluster=${profile}`, ...args.slice(at)];
}

async function run(ctx: CommandContext): Promise<number> {
  const kubectl = findKubectl(ctx.env.PATH ?? '');
  if (!kubectl) {
    ctx.con.err('Error caching kubectl: kubectl was not found on PATH (the stand-in does not download it)\n');
    return 1;
  }
  const args = kubectlArgs([...ctx.args.positionals, ...(ctx.args.afterDash ?? [])], ctx.profile);
  return new Promise((resolve) => {
    const child = spawn(kubectl, args, { stdio: 'inherit', env: ctx.env });
    child.on('error', (e) => {
      ctx.con.err(`Error running ${kubectl}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export const kubectlCommand: CommandModule = {
  use: 'kubectl -- [flags]',
  flags: [{ name: 'ssh', type: 'bool' }],
  run,
};
