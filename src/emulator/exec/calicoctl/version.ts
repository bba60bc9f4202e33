/** `calicoctl version` (commands/version.go): fmt.Println pads labels with one extra space. */
import { hashString } from '../../network/prng.ts';
import { type CalicoctlEnv, type CalicoctlResult, clusterInfo } from './env.ts';

/** Short commits of known releases (Calico's release tags, docs/reference-facts.md). */
const COMMITS: Record<string, string> = {
  'v3.20.0': 'e9a2c0d39',
  'v3.24.5': 'f1a1611ac',
  'v3.26.1': 'b1d192c95',
  'v3.27.0': '711528eeb',
  'v3.28.0': '413e6f559',
  'v3.28.1': '601856343',
  'v3.30.0': '572a32dd9',
  'v3.31.0': 'b1f3c43f8',
};

export function versionCommand(env: CalicoctlEnv): CalicoctlResult {
  const commit =
    COMMITS[env.clientVersion] ?? hashString(env.clientVersion).toString(16).padStart(9, '0').slice(0, 9);
  const info = clusterInfo(env);
  let out = `Client Version:    ${env.clientVersion}\nGit commit:        ${commit}\n`;
  out += `Cluster Version:   ${info.version ?? 'unknown'}\nCluster Type:      ${info.type}\n`;
  return { stdout: out, stderr: '', exitCode: 0 };
}
