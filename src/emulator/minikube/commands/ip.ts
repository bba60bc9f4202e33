/** `minikube ip [-n NODE]` (cmd/minikube/cmd/ip.go): the node's IP and a newline. */
import { retrieveNode } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { loadRunning } from '../load.ts';
import { exitMessage, REASONS } from '../output.ts';

async function run(ctx: CommandContext): Promise<number> {
  const { config } = await loadRunning(ctx);
  const name = String(ctx.args.flags.node);
  const node = retrieveNode(config, name);
  if (!node) exitMessage(ctx.con, REASONS.guestNodeRetrieve, `retrieving node: Could not find node ${name}`);
  ctx.con.out(`${node.IP}\n`);
  return 0;
}

export const ipCommand: CommandModule = {
  use: 'ip [flags]',
  flags: [{ name: 'node', short: 'n', type: 'string', default: '' }],
  run,
};
