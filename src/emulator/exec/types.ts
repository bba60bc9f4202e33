/** Contracts of the in-container command emulation. */
import type { ContainerSpec } from '../app/env.ts';
import type { ImageKind } from '../app/image.ts';
import type { SimOptions } from '../config.ts';
import type { ClusterNetwork } from '../network/types.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecContext {
  store: ClusterStore;
  network: ClusterNetwork;
  options: SimOptions;
  pod: KubeObject;
  container: ContainerSpec;
  image: string;
  kind: ImageKind;
  /** Process environment (mutable by `export` in the shell). */
  env: Record<string, string>;
  cwd: string;
  /** Standard input of this command. */
  stdin: string;
  tty: boolean;
  /** Files written during this exec session (`echo x > /tmp/f`), layered over the image's files. */
  scratch: Map<string, string>;
  /** Emulated waiting: `realSeconds` scaled by timeFactor and capped, so nothing hangs. */
  sleep(realSeconds: number): Promise<void>;
}

/** One program: argv[0] is the name it was invoked as. */
export type Command = (argv: string[], ctx: ExecContext) => CommandResult | Promise<CommandResult>;

export function ok(stdout = ''): CommandResult {
  return { stdout, stderr: '', exitCode: 0 };
}

export function fail(stderr: string, exitCode = 1, stdout = ''): CommandResult {
  return { stdout, stderr, exitCode };
}
