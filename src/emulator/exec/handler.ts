/**
 * The apiserver's exec handler: finds the pod and container, then runs the command in the emulated
 * userland of its image — busybox for the lab app (node:14-alpine), busybox, alpine and nginx; the
 * calicoctl binary alone for calico/ctl (no shell). Programs that do not exist fail the way runc
 * reports it to kubectl, with exit code 126.
 */
import type { ExecHandler, ExecRequest, ExecResult } from '../api/types.ts';
import { containerEnv, findContainer } from '../app/env.ts';
import { calicoctlImageVersion, imageKind } from '../app/image.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterNetwork } from '../network/types.ts';
import { ApiError, apiErrors } from '../store/errors.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';
import { lookupProgram } from './busybox/index.ts';
import { runCalicoctl } from './calicoctl/index.ts';
import { readFile } from './fs.ts';
import { EXEC_FAILED_EXIT_CODE, noSuchFile, notInPath, RuntimeExecError } from './runtime-errors.ts';
import type { CommandResult, ExecContext } from './types.ts';

export interface ExecHandlerDeps {
  store: ClusterStore;
  network: ClusterNetwork;
  options: SimOptions;
  clock?: { now(): Date | number };
  /** Longest real wait (ms) an emulated sleep may take; default 2000. */
  maxSleepMs?: number;
}

/** Newest calico/ctl when the tag is not a version (`latest`). */
const LATEST_CALICOCTL = 'v3.31.3';

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m !== null && (Number(m[1]) > major || (Number(m[1]) === major && Number(m[2]) >= minor));
}

/** The binary's path in calico/ctl: `/calicoctl` up to v3.27, `/usr/bin/calicoctl` from v3.28. */
export function calicoctlPath(version: string): string {
  return versionAtLeast(version, 3, 28) ? '/usr/bin/calicoctl' : '/calicoctl';
}

function workdir(image: string): string {
  return imageKind(image) === 'frontend' ? '/frontend' : '/';
}

/** With a TTY the terminal merges stderr into stdout and turns \n into \r\n. */
export function asTerminal(res: CommandResult): CommandResult {
  return { stdout: (res.stdout + res.stderr).replace(/\r?\n/g, '\r\n'), stderr: '', exitCode: res.exitCode };
}

/** Runs a command in a container of a pod, in its image's emulated userland (exec and the main process). */
export type CommandRunner = (
  pod: KubeObject,
  containerName: string | undefined,
  command: string[],
  stdin: string,
  tty: boolean,
) => Promise<CommandResult>;

export function createCommandRunner(deps: ExecHandlerDeps): CommandRunner {
  const maxSleepMs = deps.maxSleepMs ?? 2000;
  const sleep = (realSeconds: number) => {
    const ms = Math.min(maxSleepMs, Math.max(0, realSeconds * 1000 * deps.options.timeFactor));
    return ms <= 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, ms));
  };

  const execIds = deps.network.random('exec-id');
  /** A missing program: runc's message, delivered the way the node's container runtime does. */
  const runtimeError = (name: string): CommandResult => {
    const message = name.includes('/') ? noSuchFile(name) : notInPath(name);
    if (deps.options.containerRuntime !== 'docker') {
      let id = '';
      while (id.length < 64)
        id += Math.floor(execIds() * 2 ** 32)
          .toString(16)
          .padStart(8, '0');
      throw new RuntimeExecError(id, message);
    }
    return { stdout: '', stderr: message, exitCode: EXEC_FAILED_EXIT_CODE };
  };

  const runIn = async (
    pod: KubeObject,
    containerName: string | undefined,
    command: string[],
    stdin: string,
    tty: boolean,
  ): Promise<CommandResult> => {
    const container = findContainer(pod, containerName);
    if (!container)
      throw apiErrors.badRequest(`container ${containerName} is not valid for pod ${pod.metadata.name}`);
    const image: string = container.image ?? '';
    const kind = imageKind(image);
    const [program] = command;
    if (program === undefined)
      return { stdout: '', stderr: 'you must specify at least one command for the container\n', exitCode: 1 };
    const ctx: ExecContext = {
      store: deps.store,
      network: deps.network,
      options: deps.options,
      pod,
      container,
      image,
      kind,
      env: containerEnv(deps.store, pod, container.name),
      cwd: container.workingDir ?? workdir(image),
      stdin,
      tty,
      scratch: new Map(),
      sleep,
    };
    if (kind === 'calicoctl') {
      const version = calicoctlImageVersion(image) ?? LATEST_CALICOCTL;
      if (program !== 'calicoctl' && program !== calicoctlPath(version)) return runtimeError(program);
      return runCalicoctl(command.slice(1), {
        store: deps.store,
        clientVersion: version,
        clusterVersion: deps.options.calicoVersion,
        stdin,
        readFile: (path) => readFile(ctx, path),
        now: () => deps.network.now(),
        sleep,
      });
    }
    const run = lookupProgram(program, kind);
    if (!run) return runtimeError(program);
    return run(command, ctx);
  };
  return runIn;
}

export function createExecHandler(deps: ExecHandlerDeps): ExecHandler {
  const runIn = createCommandRunner(deps);
  return async (req: ExecRequest, stdinStream: Promise<Buffer>): Promise<ExecResult> => {
    const pod = deps.store.get('pods', req.namespace, req.pod);
    if (!pod) throw apiErrors.notFound('', 'pods', req.pod);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed')
      throw apiErrors.badRequest(
        `cannot exec into a container in a completed pod; current phase is ${phase}`,
      );
    const container = findContainer(pod, req.container);
    const statuses: { name: string; state?: { running?: unknown } }[] = pod.status?.containerStatuses ?? [];
    const running = statuses.find((s) => s.name === container?.name)?.state?.running;
    if (phase !== 'Running' || !running) {
      throw new ApiError(
        400,
        'BadRequest',
        `unable to upgrade connection: container not found ("${container?.name ?? req.container ?? ''}")`,
      );
    }
    const stdin = req.stdin ? (await stdinStream).toString('utf8') : '';
    const res = await runIn(pod, req.container, req.command, stdin, req.tty);
    return req.tty ? asTerminal(res) : res;
  };
}
