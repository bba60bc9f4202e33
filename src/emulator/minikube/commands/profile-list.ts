/** `minikube profile list [-o json|table] [-l]` (cmd/minikube/cmd/config/profile_list.go, docs/reference-facts.md, minikube §5). */
import type { ClusterConfig } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import { findRunningDaemon } from '../daemon-client.ts';
import { currentContext } from '../kubeconfig.ts';
import { exitMessage, REASONS } from '../output.ts';
import { kubeconfigPath, profileDir } from '../paths.ts';
import { listProfileNames, loadClusterConfig } from '../profiles.ts';
import { renderTable } from '../table.ts';

export interface ProfileEntry {
  Name: string;
  Status: string;
  Config: ClusterConfig | null;
  Active: boolean;
  ActiveKubeContext: boolean;
}

/** Valid = has a config.json; the rest are listed as invalid with zero values, as Go marshals them. */
export async function collectProfiles(
  ctx: CommandContext,
  light: boolean,
): Promise<{ valid: ProfileEntry[]; invalid: ProfileEntry[] }> {
  const current = await currentContext(kubeconfigPath(ctx.env));
  const valid: ProfileEntry[] = [];
  const invalid: ProfileEntry[] = [];
  for (const name of await listProfileNames(ctx.env)) {
    const config = await loadClusterConfig(ctx.env, name);
    if (!config) {
      invalid.push({ Name: name, Status: '', Config: null, Active: false, ActiveKubeContext: false });
      continue;
    }
    const status = light
      ? 'Skipped'
      : (await findRunningDaemon(profileDir(ctx.env, name)))
        ? 'Running'
        : 'Stopped';
    valid.push({
      Name: name,
      Status: status,
      Config: config,
      Active: name === ctx.profile,
      ActiveKubeContext: name === current,
    });
  }
  return { valid, invalid };
}

async function run(ctx: CommandContext): Promise<number> {
  const { con, args } = ctx;
  const output = String(args.flags.output).toLowerCase();
  if (output !== 'json' && output !== 'table') {
    exitMessage(
      con,
      REASONS.usage,
      `invalid output format: ${args.flags.output}. Valid values: 'table', 'json'`,
    );
  }
  const { valid, invalid } = await collectProfiles(ctx, Boolean(args.flags.light));
  if (output === 'json') {
    // encoding/json sorts map keys: "invalid" comes first.
    con.out(JSON.stringify({ invalid, valid }));
    return 0;
  }
  if (valid.length === 0) {
    exitMessage(con, REASONS.usageNoProfile, 'No minikube profile was found.');
  }
  const rows = valid.map((p) => {
    const cfg = p.Config as ClusterConfig;
    const cp = cfg.Nodes.find((n) => n.ControlPlane) ?? cfg.Nodes[0];
    return [
      p.Name,
      cfg.Driver,
      cfg.KubernetesConfig.ContainerRuntime,
      cp?.IP ?? '',
      String(cp?.Port ?? cfg.APIServerPort),
      cfg.KubernetesConfig.KubernetesVersion,
      p.Status,
      String(cfg.Nodes.length),
      p.Active ? '*' : '',
      p.ActiveKubeContext ? '*' : '',
    ];
  });
  con.out(
    renderTable(
      [
        'Profile',
        'VM Driver',
        'Runtime',
        'IP',
        'Port',
        'Version',
        'Status',
        'Nodes',
        'Active Profile',
        'Active Kubecontext',
      ],
      rows,
      { autoFormatHeaders: false },
    ),
  );
  if (invalid.length > 0) {
    con.warning(`Found ${invalid.length} invalid profile(s) ! `);
    for (const p of invalid) con.err(`\t ${p.Name}\n`);
    con.errStep('tip', 'You can delete them using the following command(s): ');
    for (const p of invalid) con.err(`\t $ minikube delete -p ${p.Name} \n`);
  }
  return 0;
}

export const profileListCommand: CommandModule = {
  use: 'profile list [flags]',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: 'table' },
    { name: 'light', short: 'l', type: 'bool' },
  ],
  run,
};
