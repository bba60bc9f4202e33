/** `minikube update-context` (cmd/minikube/cmd/update-context.go): re-point the profile's context. */

import type { CommandContext, CommandModule } from '../command.ts';
import { profileServer, writeProfileContext } from '../kubeconfig.ts';
import { loadRunning } from '../load.ts';
import { kubeconfigPath } from '../paths.ts';
import { playedRelease } from '../start-options.ts';

async function run(ctx: CommandContext): Promise<number> {
  const { con, profile } = ctx;
  const { daemon } = await loadRunning(ctx);
  const file = kubeconfigPath(ctx.env);
  const url = new URL(daemon.info.url);
  const changed = (await profileServer(file, profile)) !== daemon.info.url;
  await writeProfileContext(file, {
    profile,
    server: daemon.info.url,
    minikubeVersion: playedRelease(ctx.env).version,
    setCurrent: true,
  });
  if (changed)
    con.step('celebrate', `"${profile}" context has been updated to point to ${url.hostname}:${url.port}`);
  else con.step('meh', `No changes required for the "${profile}" context`);
  con.step('kubectl', `Current context is "${profile}"`);
  return 0;
}

export const updateContextCommand: CommandModule = { use: 'update-context [flags]', flags: [], run };
