import type { LabFacts } from '../../lab/facts.ts';
import { NAMED_CNIS } from '../../minikube/start.ts';
import type { KubectlApplyCommand, MinikubeStartCommand } from '../../submission/types.ts';
import type { CheckOutcome } from '../types.ts';
import { fail, notShown, pass, where } from './outcome.ts';
import { fromScreens, shownIn, weakScreensNote } from './screen-evidence.ts';
import { unreadReport } from './submission-checks.ts';

/** Edit distance, to call `caliico` a typo of `calico` rather than a manifest path. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function looksLikeCalicoManifest(file: string): boolean {
  const base = file.split(/[/\\]/).pop() ?? file;
  return /calico/i.test(base) && !/calicoctl/i.test(base);
}

export function startFlagsCheck(f: LabFacts): CheckOutcome {
  const start = f.effectiveStart;
  const want = f.rubric.expect;
  if (!start) {
    const unread = unreadReport(f.submission);
    if (unread)
      return fail(
        `no report read (${unread}), so no \`minikube start\` command either`,
        'Make the report readable first (see submission.report).',
      );
    const shot = f.screenStart;
    // The text wins; a screenshot's command counts only when the report shows none as text.
    if (shot && !shot.weak) {
      const outcome = gradeStart(f, shot.command, shownIn(shot));
      return { ...outcome, evidence: { ...(outcome.evidence as object), ...fromScreens([shot]) } };
    }
    const weak = shot
      ? ` (${shot.image} shows \`${shot.command.source.text}\`, but the read is weak: confidence ${shot.confidence})`
      : '';
    return notShown(
      `the report shows no \`minikube start\` command as text${weak}${shot ? '' : weakScreensNote(f)}`,
      `Put the command you ran in a \`\`\`bash block, e.g. \`minikube start --nodes ${want.nodes} --container-runtime ${want.containerRuntime} --cni ${want.cni}\`.`,
    );
  }
  return gradeStart(f, start, where(start.source.file, start.source.line));
}

/** The flags of one `minikube start`; `at` says where it is shown (`README.md:12`, `shown in screenshot x.png`). */
function gradeStart(f: LabFacts, start: MinikubeStartCommand, at: string): CheckOutcome {
  const want = f.rubric.expect;
  const problems: string[] = [];
  const hints: string[] = [];
  const evidence: Record<string, unknown> = {
    command: start.source.text,
    at,
    nodes: start.nodes ?? null,
    cni: start.cni ?? null,
    networkPlugin: start.networkPlugin ?? null,
    containerRuntime: start.containerRuntime ?? null,
    kubernetesVersion: start.kubernetesVersion ?? null,
  };

  for (const token of start.unknownFlags) {
    problems.push(`unknown flag \`${token}\``);
    const fix = /^--network-plugin-?cni$/.test(token) ? '--network-plugin=cni' : undefined;
    hints.push(
      fix
        ? `\`${token}\` is not a minikube flag; you meant \`${fix}\`.`
        : `minikube has no flag \`${token}\`.`,
    );
  }

  const nodes = start.nodes ?? 1;
  if (nodes !== want.nodes) {
    problems.push(
      start.nodes === undefined ? 'no `--nodes` flag (minikube starts 1 node)' : `\`--nodes ${nodes}\``,
    );
    hints.push(`Start ${want.nodes} nodes: add \`--nodes ${want.nodes}\`.`);
  }

  const cni = start.cni?.trim();
  const applied = appliedCalicoManifest(
    f.commands.filter((c): c is KubectlApplyCommand => c.kind === 'kubectl-apply'),
  );
  let calico = false;
  if (cni !== undefined && cni.toLowerCase() === want.cni) calico = true;
  else if (
    cni !== undefined &&
    !NAMED_CNIS.has(cni.toLowerCase()) &&
    distance(cni.toLowerCase(), want.cni) <= 2
  ) {
    problems.push(`\`--cni=${cni}\` is not a CNI minikube knows (typo of \`${want.cni}\`?)`);
    hints.push(`Write \`--cni=${want.cni}\` (minikube would treat \`${cni}\` as a manifest path and fail).`);
  } else if (cni !== undefined && NAMED_CNIS.has(cni.toLowerCase())) {
    problems.push(`\`--cni=${cni}\` starts ${cni} instead of Calico`);
    hints.push(`Use \`--cni=${want.cni}\`.`);
  } else if ((cni !== undefined || start.networkPlugin === 'cni') && applied) {
    // --network-plugin=cni (or --cni=<manifest>) plus an applied Calico manifest: the seed's second way.
    calico = true;
    evidence.calicoManifest = applied;
  } else if (cni !== undefined) {
    problems.push(`\`--cni=${cni}\` names a manifest, but the report applies no Calico manifest`);
    hints.push(`Use \`--cni=${want.cni}\`, or apply Calico's calico.yaml after start.`);
  } else if (start.networkPlugin === 'cni') {
    problems.push('`--network-plugin=cni` without `--cni=calico` and no Calico manifest applied');
    hints.push(`Add \`--cni=${want.cni}\` (with --network-plugin=cni alone minikube installs no CNI).`);
  } else {
    problems.push('no `--cni` flag: minikube picks kindnet for several nodes, not Calico');
    hints.push(`Add \`--cni=${want.cni}\`.`);
  }

  if (problems.length > 0 || !calico) {
    return fail(`${at}: \`${start.source.text}\`: ${problems.join('; ')}`, hints.join(' '), evidence);
  }
  const runtime = start.containerRuntime
    ? `runtime ${start.containerRuntime}`
    : `no --container-runtime (the lab asks for ${want.containerRuntime}; checked on the cluster)`;
  return pass(`${at}: ${nodes} nodes with Calico; ${runtime}`, evidence);
}

function appliedCalicoManifest(applies: KubectlApplyCommand[]): string | undefined {
  for (const a of applies) {
    const file = a.files.find(looksLikeCalicoManifest);
    if (file) return file;
  }
  return undefined;
}
