/**
 * What every subcommand module exports, and the context it runs in. Commands return their exit
 * code or throw ExitError after printing; they never call process.exit themselves.
 */
import type { FlagSpec, ParsedArgs } from './args.ts';
import type { Console } from './output.ts';

export interface CommandContext {
  env: NodeJS.ProcessEnv;
  con: Console;
  /** Parsed command + global flags. */
  args: ParsedArgs;
  /** `-p/--profile`, default `minikube`. */
  profile: string;
}

export interface CommandModule {
  /** The command's own flags (global ones are added by main). */
  flags: FlagSpec[];
  /** Usage line after `minikube `, for cobra-style usage errors. */
  use: string;
  run(ctx: CommandContext): Promise<number>;
}
