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
