/**
 * `minikube start`: validates the flags like minikube v1.34.0, starts the profile's daemon (the
 * emulated cluster), records the profile, writes the kubeconfig context and prints minikube's
 * start transcript (docs/reference-facts.md, minikube §6).
 */
import { mkdir } from 'node:fs/promises';
import { nodeIp } from '../../../minikube/network.ts';
import { nodeName } from '../../../minikube/nodes.ts';
import { planInstall } from '../../calico/install.ts';
import { calicoManifest } from '../../calico/manifests.ts';
import type { SimOptions } from '../../config.ts';
import { buildClusterConfig, type ClusterConfig } from '../cluster-config.ts';
import type { CommandContext, CommandModule } from '../command.ts';
import type { SimStatus } from '../control-api.ts';
import { controlGet } from '../control-api.ts';
import { findRunningDaemon, startDaemon } from '../daemon-client.ts';
import { writeProfileContext } from '../kubeconfig.ts';
import { type Console, exitMessage, REASONS } from '../output.ts';
import { isValidProfileName, kubeconfigPath, profileDir } from '../paths.ts';
import { platformDescription } from '../platform.ts';
import { loadClusterConfig, loadSimOptions, saveClusterConfig, saveSimOptions } from '../profiles.ts';
import { stallLikeFirstStart } from '../slow-start.ts';
import { START_EXIT_FAULTS, startMustFail } from '../start-faults.ts';
import {
  buildStartRequest,
  playedRelease,
  START_FLAGS,
  StartRefused,
  type StartRequest,
} from '../start-options.ts';
import { unmetComponents, waitFailure } from '../wait.ts';

/**
 * Runtime line of the transcript. Docker 27.2.0 is from the reference transcript; the
 * containerd and CRI-O versions of kicbase v0.0.45 were not verified.
 */
function preparingLine(con: Console, runtime: string, k8sVersion: string): void {
  if (runtime === 'containerd')
    con.step('containerd', `Preparing Kubernetes ${k8sVersion} on containerd 1.7.20 ...`);
  else if (runtime === 'cri-o' || runtime === 'crio')
    con.step('crio', `Preparing Kubernetes ${k8sVersion} on CRI-O 1.24.6 ...`);
  else con.step('docker', `Preparing Kubernetes ${k8sVersion} on Docker 27.2.0 ...`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * --wait (see wait.ts). The timeout is scaled like every emulated delay, with a floor, so the
 * 6m default becomes seconds at the default time factor.
 */
async function waitForComponents(
  url: string,
  req: Pick<StartRequest, 'verifyComponents' | 'waitTimeoutMs'>,
  timeFactor: number,
): Promise<void> {
  const deadline = Date.now() + Math.max(3000, req.waitTimeoutMs * timeFactor);
  for (;;) {
    const unmet = unmetComponents(await controlGet<SimStatus>(url, 'status'), req.verifyComponents);
    if (unmet.length === 0) return;
    if (Date.now() > deadline) throw new Error(waitFailure(unmet[0], formatMinutes(req.waitTimeoutMs)));
    await sleep(20);
  }
}

function formatMinutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return m > 0 ? `${m}m${s}s` : `${s}s`;
}

async function announceDone(ctx: CommandContext, url: string, setCurrent: boolean): Promise<void> {
  await writeProfileContext(kubeconfigPath(ctx.env), {
    profile: ctx.profile,
    server: url,
    minikubeVersion: playedRelease(ctx.env).version,
    setCurrent,
  });
  ctx.con.step(
    'ready',
    `Done! kubectl is now configured to use "${ctx.profile}" cluster and "default" namespace by default`,
  );
}

/** Prints the node lines and boots the daemon; returns the daemon URL. */
async function bootCluster(
  ctx: CommandContext,
  options: SimOptions,
  base: Omit<Parameters<typeof buildClusterConfig>[0], 'options' | 'nodeIps'>,
): Promise<string> {
  const { con, profile } = ctx;
  const dir = profileDir(ctx.env, profile);
  con.step('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
  await stallLikeFirstStart(con, options);
  let url: string;
  try {
    url = (await startDaemon(dir, profile)).url;
  } catch (e) {
    exitMessage(con, REASONS.guestStart, `failed to start node: ${(e as Error).message}`);
  }
  const status = await controlGet<SimStatus>(url, 'status');
  const ips = status.nodes.map((n) => n.ip);
  await saveClusterConfig(ctx.env, buildClusterConfig({ ...base, options, nodeIps: ips }));
  preparingLine(con, options.containerRuntime, options.kubernetesVersion);
  if (options.cni !== 'none') con.step('cni', 'Configuring Calico (Container Networking Interface) ...');
  const names = status.nodes.map((n) => n.name);
  for (let i = 1; i < options.nodes; i++) {
    con.out('\n');
    con.step(
      'thumbsUp',
      `Starting "${names[i] ?? nodeName(profile, i)}" worker node in "${profile}" cluster`,
    );
    con.step('internet', 'Found network options:');
    con.step(
      'option',
      `NO_PROXY=${ips
        .slice(0, i)
        .map((ip, j) => ip || nodeIp(j))
        .join(',')}`,
    );
  }
  return url;
}

function configBase(config: ClusterConfig) {
  return {
    driver: config.Driver,
    cni: config.KubernetesConfig.CNI,
    memoryMb: config.Memory,
    cpus: config.CPUs,
    verifyComponents: config.VerifyComponents,
  };
}

/**
 * updateExistingConfigFromFlags (cmd/minikube/cmd/start_flags.go, v1.34.0 to v1.38.1): a second
 * start keeps the profile's nodes, memory and CPUs, and only warns when the flags ask otherwise.
 */
function existingProfileWarnings(
  ctx: CommandContext,
  config: ClusterConfig,
  req: StartRequest | undefined,
): string[] {
  const changed = ctx.args.changed;
  const warnings: string[] = [];
  if (changed.has('nodes'))
    warnings.push(
      "You cannot change the number of nodes for an existing minikube cluster. Please use 'minikube node add' to add nodes to an existing cluster.",
    );
  if (changed.has('memory') && req && req.memoryMb !== config.Memory)
    warnings.push(
      'You cannot change the memory size for an existing minikube cluster. Please first delete the cluster.',
    );
  if (changed.has('cpus') && req && req.cpus !== config.CPUs)
    warnings.push(
      'You cannot change the CPUs for an existing minikube cluster. Please first delete the cluster.',
    );
  return warnings;
}

async function startExisting(
  ctx: CommandContext,
  config: ClusterConfig,
  req: StartRequest | undefined,
): Promise<number> {
  const { con } = ctx;
  con.step('sparkle', `Using the ${config.Driver} driver based on existing profile`);
  for (const w of existingProfileWarnings(ctx, config, req)) con.warning(w);
  const dir = profileDir(ctx.env, ctx.profile);
  const running = await findRunningDaemon(dir);
  if (running) {
    await announceDone(ctx, running.info.url, !req?.keepContext);
    return 0;
  }
  const options = await loadSimOptions(ctx.env, ctx.profile);
  if (!options)
    exitMessage(
      con,
      REASONS.guestStart,
      `profile "${ctx.profile}" has no emulator options; delete it and start again`,
    );
  const url = await bootCluster(ctx, options, configBase(config));
  if (req) await waitOrExit(ctx, url, req, options.timeFactor);
  await announceDone(ctx, url, !req?.keepContext);
  return 0;
}

async function waitOrExit(
  ctx: CommandContext,
  url: string,
  req: StartRequest,
  timeFactor: number,
): Promise<void> {
  try {
    await waitForComponents(url, req, timeFactor);
  } catch (e) {
    exitMessage(ctx.con, REASONS.guestStart, `failed to start node: ${(e as Error).message}`);
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const { con, profile, args } = ctx;
  if (!isValidProfileName(profile)) {
    con.warning(`Profile name '${profile}' is not valid`);
    exitMessage(
      con,
      REASONS.usage,
      "Only alphanumeric and dashes '-' are permitted. Minimum 2 characters, starting with alphanumeric.",
    );
  }
  const existing = await loadClusterConfig(ctx.env, profile);
  con.step('happy', `minikube ${playedRelease(ctx.env).version} on ${platformDescription()}`);

  let req: StartRequest;
  try {
    // An existing profile keeps its CNI and options; only a new one must ask for Calico.
    const cniChanged = args.changed.has('cni') || args.changed.has('network-plugin');
    const probe =
      existing && !cniChanged
        ? { ...args, flags: { ...args.flags, cni: 'calico', 'network-plugin': '' } }
        : args;
    req = buildStartRequest(probe, profile, ctx.env);
  } catch (e) {
    if (e instanceof StartRefused) {
      for (const w of e.warnings) con.warning(w);
      exitMessage(con, e.reason, e.message);
    }
    exitMessage(con, REASONS.simConfig, (e as Error).message);
  }
  if (existing) return startExisting(ctx, existing, req);

  con.step(
    'sparkle',
    req.driverFromUser
      ? `Using the ${req.driver} driver based on user configuration`
      : `Automatically selected the ${req.driver} driver`,
  );
  for (const w of req.warnings) con.warning(w);
  for (const n of req.notes) con.step('workaround', n);

  const exitFault = req.options.faults.startExit;
  const failure = exitFault === undefined ? undefined : START_EXIT_FAULTS[exitFault];
  // The start-exit fault: minikube's refusals come before the profile exists.
  if (failure && !failure.afterCreate) exitMessage(con, failure.reason, failure.message);

  await mkdir(profileDir(ctx.env, profile), { recursive: true });
  await saveSimOptions(ctx.env, req.options);
  const base = {
    driver: req.driver,
    cni: req.cni,
    memoryMb: req.memoryMb,
    cpus: req.cpus,
    verifyComponents: req.verifyComponents,
  };
  await saveClusterConfig(ctx.env, buildClusterConfig({ ...base, options: req.options }));
  // The start-fails fault: a profile created, its node never up (exit 80, GUEST_START).
  if (await startMustFail(ctx.env, profile, req.options.faults.startFails)) {
    con.step('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
    exitMessage(
      con,
      REASONS.guestStart,
      'failed to start node: creating host: create host timed out in 360.000000 seconds (LAB_SIM_FAULTS start-fails)',
    );
  }
  if (failure) {
    con.step('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
    exitMessage(con, failure.reason, failure.message);
  }
  failIfCniApplyFails(ctx, req.options);
  const url = await bootCluster(ctx, req.options, base);
  await waitOrExit(ctx, url, req, req.options.timeFactor);
  await announceDone(ctx, url, !req.keepContext);
  return 0;
}

/** Where minikube copies the CNI manifest in the node (pkg/minikube/cni/cni.go manifestPath). */
const CNI_MANIFEST = '/var/tmp/minikube/cni.yaml';

/**
 * The Calico manifest is applied with the node's kubectl (cni.go applyManifest); objects the
 * Kubernetes version does not serve fail it (calico/install.ts). minikube then says
 * "initialization failed, will try again", runs kubeadm init again, fails the same way and exits
 * GUEST_START (bootstrapper/kubeadm/kubeadm.go StartCluster, init → applyCNI "apply cni" →
 * "cni apply"; cmd/minikube/cmd/start.go "failed to start node"; all at v1.34.0). The command's
 * output is kubectl's stderr only here (minikube's runner shows stdout and stderr blocks).
 */
function failIfCniApplyFails(ctx: CommandContext, options: SimOptions): void {
  if (options.cni === 'none') return;
  const objects = options.calicoManifest ?? calicoManifest(options.calicoVersion).objects;
  const { errors } = planInstall(objects, options.kubernetesVersion, CNI_MANIFEST);
  if (errors.length === 0) return;
  const { con, profile } = ctx;
  const kubectl = `/var/lib/minikube/binaries/${options.kubernetesVersion}/kubectl`;
  const err = `apply cni: cni apply: cmd: sudo ${kubectl} apply --kubeconfig=/var/lib/minikube/kubeconfig -f ${CNI_MANIFEST} output: \n** stderr ** \n${errors.join('\n')}\n\n** /stderr **: Process exited with status 1`;
  con.step('thumbsUp', `Starting "${profile}" primary control-plane node in "${profile}" cluster`);
  preparingLine(con, options.containerRuntime, options.kubernetesVersion);
  con.step('cni', 'Configuring Calico (Container Networking Interface) ...');
  // style.Conflict (💥, low prefix "! ").
  const color = con.styled('warning', '').startsWith('❗');
  con.err(`${color ? '💥  ' : '! '}initialization failed, will try again: ${err}\n`);
  con.step('cni', 'Configuring Calico (Container Networking Interface) ...');
  exitMessage(con, REASONS.guestStart, `failed to start node: ${err}`);
}

export const startCommand: CommandModule = { flags: START_FLAGS, use: 'start [flags]', run };
