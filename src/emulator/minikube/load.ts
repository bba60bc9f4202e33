/**
 * mustload equivalents: load a profile (exit 85 if missing) or a running cluster (exit 83 if
 * stopped), printing minikube's messages.
 */
import type { ClusterConfig } from './cluster-config.ts';
import type { CommandContext } from './command.ts';
import { findRunningDaemon, type RunningDaemon } from './daemon-client.ts';
import { exitNotRunning, exitProfileNotFound } from './output.ts';
import { profileDir } from './paths.ts';
import { loadClusterConfig } from './profiles.ts';

export async function loadProfile(ctx: CommandContext): Promise<ClusterConfig> {
  const config = await loadClusterConfig(ctx.env, ctx.profile);
  if (!config) exitProfileNotFound(ctx.con, ctx.profile);
  return config;
}

export async function loadRunning(
  ctx: CommandContext,
): Promise<{ config: ClusterConfig; daemon: RunningDaemon }> {
  const config = await loadProfile(ctx);
  const daemon = await findRunningDaemon(profileDir(ctx.env, ctx.profile));
  if (!daemon) exitNotRunning(ctx.con, ctx.profile);
  return { config, daemon };
}
