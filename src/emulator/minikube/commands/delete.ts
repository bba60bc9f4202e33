/** `minikube delete [-p P] [--all] [--purge]` (cmd/minikube/cmd/delete.go). */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { machineName } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { stopDaemon } from '../daemon-client.ts';
import { deleteProfileContext } from '../kubeconfig.ts';
import { exitMessage, REASONS } from '../output.ts';
import { isValidProfileName, kubeconfigPath, minikubeHome, profileDir } from '../paths.ts';
import { listProfileNames, loadClusterConfig, removeProfileDir } from '../profiles.ts';

/** deleteProfile: kill the cluster, drop the profile dir and its kubeconfig entries. */
async function deleteProfile(ctx: CommandContext, profile: string): Promise<void> {
  const { con, env } = ctx;
  const config = await loadClusterConfig(env, profile);
  if (config) {
    con.step('deletingHost', `Deleting "${profile}" in ${config.Driver} ...`);
    for (const n of config.Nodes)
      con.step('deletingHost', `Deleting container "${machineName(profile, n)}" ...`);
  }
  if (isValidProfileName(profile)) await stopDaemon(profileDir(env, profile));
  await deleteProfileContext(kubeconfigPath(env), profile);
  for (const n of config?.Nodes ?? []) {
    con.step(
      'deletingHost',
      `Removing ${path.join(minikubeHome(env), 'machines', machineName(profile, n))} ...`,
    );
  }
  await removeProfileDir(env, profile);
  con.step('deleted', `Removed all traces of the "${profile}" cluster.`);
}

async function run(ctx: CommandContext): Promise<number> {
  const { con, env, args } = ctx;
  if (args.positionals.length > 0) exitMessage(con, REASONS.usage, 'Usage: minikube delete');
  const all = await listProfileNames(env);
  if (args.flags.purge && all.length > 1 && !args.flags.all) {
    con.errStep('notice', 'Multiple minikube profiles were found - ');
    for (const p of all) con.step('notice', `    - ${p}`);
    exitMessage(con, REASONS.usage, 'Usage: minikube delete --all --purge');
  }
  if (args.flags.all) {
    for (const p of all) await deleteProfile(ctx, p);
    con.step('deletingHost', 'Successfully deleted all profiles');
  } else {
    if (!(await loadClusterConfig(env, ctx.profile))) {
      con.errStep('meh', `"${ctx.profile}" profile does not exist, trying anyways.`);
    }
    await deleteProfile(ctx, ctx.profile);
  }
  if (args.flags.purge) {
    const home = minikubeHome(env);
    await rm(home, { recursive: true, force: true });
    con.step('deleted', `Successfully purged minikube directory located at - [${home}]`);
  }
  return 0;
}

export const deleteCommand: CommandModule = {
  use: 'delete [flags]',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'purge', type: 'bool' },
    { name: 'output', short: 'o', type: 'string', default: 'text' },
  ],
  run,
};
