/** `minikube status [-o json] [-n NODE] [-f TEMPLATE]` (cmd/minikube/cmd/status.go). */
import { retrieveNode } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { findRunningDaemon } from '../daemon-client.ts';
import { profileServer } from '../kubeconfig.ts';
import { loadProfile } from '../load.ts';
import { exitMessage, REASONS } from '../output.ts';
import { kubeconfigPath, profileDir } from '../paths.ts';
import { nodeStatuses, statusExitCode, statusFormat, statusJson, statusText } from '../status-model.ts';

const DEFAULT_FORMAT = '';

async function run(ctx: CommandContext): Promise<number> {
  const { con, args, env } = ctx;
  const output = String(args.flags.output).toLowerCase();
  const format = String(args.flags.format);
  if (output !== 'text' && format !== DEFAULT_FORMAT)
    exitMessage(con, REASONS.usage, 'Cannot use both --output and --format options');
  const config = await loadProfile(ctx);
  const daemon = await findRunningDaemon(profileDir(env, ctx.profile));
  const server = await profileServer(kubeconfigPath(env), ctx.profile);
  let statuses = nodeStatuses({
    config,
    running: daemon?.status,
    kubeconfigMatches: server === daemon?.info.url,
  });

  const nodeName = String(args.flags.node);
  if (nodeName !== '' || (format !== DEFAULT_FORMAT && config.Nodes.length > 1)) {
    const node = retrieveNode(config, nodeName);
    if (!node)
      exitMessage(con, REASONS.guestNodeRetrieve, `retrieving node: Could not find node ${nodeName}`);
    statuses = statuses.filter((_, i) => config.Nodes[i] === node);
  }
  if (output === 'json') con.out(statusJson(statuses));
  else if (output === 'text') {
    for (const st of statuses) con.out(format !== DEFAULT_FORMAT ? statusFormat(format, st) : statusText(st));
  } else {
    exitMessage(con, REASONS.usage, `invalid output format: ${output}. Valid values: 'text', 'json'`);
  }
  return statusExitCode(statuses);
}

export const statusCommand: CommandModule = {
  use: 'status [flags]',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: 'text' },
    { name: 'format', short: 'f', type: 'string', default: DEFAULT_FORMAT },
    { name: 'layout', short: 'l', type: 'string', default: 'nodes' },
    { name: 'node', short: 'n', type: 'string', default: '' },
    { name: 'watch', short: 'w', type: 'duration', default: '1s', noOptDefault: '1s' },
  ],
  run,
};
