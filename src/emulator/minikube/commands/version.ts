/** `minikube version [--short] [-o json|yaml]` (cmd/minikube/cmd/version.go). */

import type { CommandContext, CommandModule } from '../command.ts';
import { exitMessage } from '../output.ts';
import { playedRelease } from '../start-options.ts';

/** Commit of the v1.34.0 tag (docs/reference-facts.md, minikube §2); kept for every release played. */
export const MINIKUBE_COMMIT = '210b148df93a80eb872ecbeb7e35281b3c582c61';

async function run(ctx: CommandContext): Promise<number> {
  const { con, args } = ctx;
  const MINIKUBE_VERSION = playedRelease(ctx.env).version;
  const output = String(args.flags.output);
  if (output === '') {
    if (args.flags.short) con.out(`${MINIKUBE_VERSION}\n`);
    else con.out(`minikube version: ${MINIKUBE_VERSION}\ncommit: ${MINIKUBE_COMMIT}\n`);
  } else if (output === 'json') {
    con.out(`${JSON.stringify({ commit: MINIKUBE_COMMIT, minikubeVersion: MINIKUBE_VERSION })}\n`);
  } else if (output === 'yaml') {
    con.out(`commit: ${MINIKUBE_COMMIT}\nminikubeVersion: ${MINIKUBE_VERSION}\n\n`);
  } else {
    exitMessage(con, { id: 'MK_OUTPUT_USAGE', code: 10 }, "error: --output must be 'yaml' or 'json'");
  }
  return 0;
}

export const versionCommand: CommandModule = {
  use: 'version [flags]',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: '' },
    { name: 'short', type: 'bool' },
    { name: 'components', type: 'bool' },
  ],
  run,
};
