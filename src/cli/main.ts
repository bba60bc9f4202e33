import { Command, CommanderError, Option } from 'commander';
import { REPORT_FORMATS } from '../report/format.ts';
import { ExitCode } from '../report/model.ts';
import { checkCommand } from './check.ts';
import { CliError } from './errors.ts';

/**
 * `lab-grader`: the command line. Each subcommand lives in its own module; this file only wires
 * options to them and maps errors to exit codes (0 pass, 1 a check failed, 2 usage/input, 3 infra).
 */
export function buildProgram(): Command {
  const program = new Command('lab-grader')
    .description('Grades Kubernetes networking labs (ITMO Lab 4: Calico IP pools per rack)')
    .showHelpAfterError()
    .exitOverride();

  const format = () =>
    new Option('-f, --format <format>', 'what to print on stdout')
      .choices([...REPORT_FORMATS])
      .default('console');

  program
    .command('check')
    .description('grade submissions from their files alone (no cluster)')
    .argument('<paths...>', 'a student repo root or its Lab 4 folder')
    .addOption(format())
    .option('-o, --report-dir <dir>', 'write junit.xml, summary.md and results.json here')
    .option('-r, --rubric <file>', 'a rubric JSON replacing the bundled Lab 4 rubric')
    .option('-v, --verbose', 'console: show evidence for passing checks too')
    .action(async (paths: string[], opts) => {
      process.exitCode = await checkCommand(paths, opts);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; every other parse problem is bad usage.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (e instanceof CliError) {
      process.stderr.write(`lab-grader: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`lab-grader: internal error: ${(e as Error).stack ?? e}\n`);
    return ExitCode.infrastructure;
  }
}
