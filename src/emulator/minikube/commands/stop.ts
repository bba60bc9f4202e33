/** `minikube stop [--all] [--keep-context-active]` (cmd/minikube/cmd/stop.go, machine/stop.go). */
import { machineName } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { findRunningDaemon, stopDaemon } from '../daemon-client.ts';
import { deleteProfileContext } from '../kubeconfig.ts';
import { exitProfileNotFound } from '../output.ts';
import { kubeconfigPath, profileDir } from '../paths.ts';
import { listProfileNames, loadClusterConfig } from '../profiles.ts';

/** Stops one profile's nodes (last first, as minikube does); returns how many were stopped. */
async function stopProfile(ctx: CommandContext, profile: string): Promise<number> {
  const config = await loadClusterConfig(ctx.env, profile);
  if (!config) exitProfileNotFound(ctx.con, profile);
  const dir = profileDir(ctx.env, profile);
  const running = await findRunningDaemon(dir);
  for (const node of [...config.Nodes].reverse()) {
    const name = machineName(profile, node);
    ctx.con.step('stopping', `Stopping node "${name}"  ...`);
    if (running) ctx.con.step('shutdown', `Powering off "${name}" via SSH ...`);
  }
  await stopDaemon(dir);
  if (!ctx.args.flags['keep-context-active']) await deleteProfileContext(kubeconfigPath(ctx.env), profile);
  return config.Nodes.length;
}

async function run(ctx: CommandContext): Promise<number> {
  const profiles = ctx.args.flags.all ? await listProfileNames(ctx.env) : [ctx.profile];
  let stopped = 0;
  for (const p of profiles) {
    if (ctx.args.flags.all && !(await loadClusterConfig(ctx.env, p))) continue;
    stopped = await stopProfile(ctx, p);
  }
  ctx.con.step('stopped', `${stopped} node${stopped > 1 ? 's' : ''} stopped.`);
  return 0;
}

export const stopCommand: CommandModule = {
  use: 'stop [flags]',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'keep-context-active', type: 'bool' },
    { name: 'schedule', type: 'duration', default: '0s' },
    { name: 'cancel-scheduled', type: 'bool' },
    { name: 'output', short: 'o', type: 'string', default: 'text' },
  ],
  run,
};
