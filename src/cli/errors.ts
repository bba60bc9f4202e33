import { ExitCode } from '../report/model.ts';

/** An error the CLI reports as one line on stderr with a chosen exit code (no stack). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/**
 * Runs a flag's parser: a RangeError, or one of `also` (ShardError, VersionListError…), is bad
 * usage (exit 2, one line); anything else is thrown as it is.
 */
export function asUsage<T>(parse: () => T, ...also: (abstract new (...args: never[]) => Error)[]): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof RangeError || also.some((c) => e instanceof c)) throw new CliError((e as Error).message);
    throw e;
  }
}
