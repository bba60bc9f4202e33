/**
 * `minikube ssh [-n NODE] [-- CMD…]` (cmd/minikube/cmd/ssh.go): runs CMD on the node. A
 * failing command makes minikube print `ssh: Process exited with status N` and exit 1 (the
 * native client does not pass the code up).
 */
import { machineName, retrieveNode } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { controlGet, type NodeFilesResponse } from '../control-api.ts';
import { loadRunning } from '../load.ts';
import { exitMessage, REASONS } from '../output.ts';
import { runNodeCommand } from '../ssh-shell.ts';

async function run(ctx: CommandContext): Promise<number> {
  const { con, args } = ctx;
  const { config, daemon } = await loadRunning(ctx);
  const nodeName = String(args.flags.node);
  const node = retrieveNode(config, nodeName);
  if (!node) exitMessage(con, REASONS.guestNodeRetrieve, `Node ${nodeName} does not exist.`);
  const machine = machineName(config.Name, node);
  const words = [...args.positionals, ...(args.afterDash ?? [])];
  if (words.length === 0) {
    con.err('ssh: interactive shells are not available on the emulated cluster; pass a command after --\n');
    return 1;
  }
  const { files } = await controlGet<NodeFilesResponse>(daemon.info.url, 'node-files', { node: machine });
  const result = runNodeCommand(words.join(' '), files, machine);
  con.out(result.stdout);
  con.err(result.stderr);
  if (result.exitCode !== 0) {
    con.err(`ssh: Process exited with status ${result.exitCode}\n`);
    return 1;
  }
  return 0;
}

export const sshCommand: CommandModule = {
  use: 'ssh [flags]',
  flags: [
    { name: 'node', short: 'n', type: 'string', default: '' },
    { name: 'native-ssh', type: 'bool', default: true },
  ],
  run,
};
