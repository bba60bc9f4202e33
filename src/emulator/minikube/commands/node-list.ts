/** `minikube node list` (cmd/minikube/cmd/node_list.go): `<machine>\t<ip>` per node. */
import { machineName } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { loadProfile } from '../load.ts';
import { exitMessage, REASONS } from '../output.ts';

async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.positionals.length > 0) exitMessage(ctx.con, REASONS.usage, 'Usage: minikube node list');
  const config = await loadProfile(ctx);
  for (const n of config.Nodes) ctx.con.out(`${machineName(config.Name, n)}\t${n.IP}\n`);
  return 0;
}

export const nodeListCommand: CommandModule = { use: 'node list [flags]', flags: [], run };
