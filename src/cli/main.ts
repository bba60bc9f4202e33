import { Command, CommanderError, Option } from 'commander';
import { REPORT_FORMATS } from '../report/formats.ts';
import { ExitCode } from '../report/model.ts';
import { writeOut } from '../report/output.ts';
import { prepareReportDir, ReportDirError } from '../report/report-dir.ts';
import { escapeControls, safeText } from '../report/safe-text.ts';
import { CliError } from './errors.ts';
import { helpFooter } from './help.ts';
import { packageVersion } from './version.ts';

/**
 * `lab-grader`: the command line. Each subcommand lives in its own module, loaded when it runs (so
 * `--help` and `--version` load no writer, grader or cluster client); this file only wires options to
 * them and maps errors to exit codes (0 full marks, 1 a check failed or was not verified,
 * 2 usage/input, 3 no grade: infra, interrupted, a student of a class not graded).
 */
export function buildProgram(): Command {
  const program = new Command('lab-grader')
    .description('Grades Kubernetes networking labs (ITMO Lab 4: Calico IP pools per rack)')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', helpFooter())
    .showHelpAfterError()
    .exitOverride()
    // Its messages quote arguments, which can be student-named paths (`check students/*`).
    .configureOutput({
      writeOut: (text) => writeOut(process.stdout, escapeControls(text, { newlines: 'keep' })),
      writeErr: (text) => writeOut(process.stderr, escapeControls(text, { newlines: 'keep' })),
    })
    // Every command's --report-dir, checked before it loads or grades anything: a bad one is usage (2).
    .hook('preAction', async (_program, command) => {
      const dir: unknown = command.opts().reportDir;
      if (typeof dir === 'string') command.setOptionValue('reportDir', await prepareReportDir(dir));
    });

  // The screenshot flags of check (issue 12), read by cli/ocr-options.ts. A live grade reads no
  // screenshots: the cluster shows what they would, and `evaluate` re-grades its evidence alone.
  const noOcr = () => new Option('--no-ocr', 'do not read screenshots (loads no image or OCR library)');
  const cacheDir = () =>
    new Option(
      '--cache-dir <dir>',
      'where OCR results are kept by image content (default: the user cache folder, kube-lab-grader/ocr)',
    );
  const fetchImages = () =>
    new Option(
      '--fetch-images',
      "download images the report links from GitHub's upload service (https, at most 10 MB and 15 s each)",
    );

  const format = () =>
    new Option(
      '-f, --format <format>',
      'what to print on stdout (classroom, gradescope: one submission only)',
    )
      .choices([...REPORT_FORMATS])
      .default('console');

  program
    .command('check')
    .description('grade submissions from their files alone (no cluster); several, or a roster, are a class')
    .argument('[paths...]', 'a student repo root or its Lab 4 folder, each')
    .option('--roster <file>', 'a class from a CSV: columns student,path[,repo,commit]; paths relative to it')
    .option(
      '-j, --jobs <n>',
      'submissions graded at once (default: the CPUs available); also the OCR workers (default 2, at most the CPUs)',
    )
    .option('--shard <i/n>', 'grade part i of n of the class (submission k goes to part k mod n + 1)')
    .addOption(format())
    .option(
      '-o, --report-dir <dir>',
      'write junit.xml, summary.md and results.json here (gradescope.json too with --format gradescope); a class: DIR/<student>/ each, and DIR/class.csv, class.md, junit.xml',
    )
    .option('-r, --rubric <file>', 'a rubric JSON replacing the bundled Lab 4 rubric')
    .option('-v, --verbose', 'console: show evidence for passing checks too')
    .addOption(noOcr())
    .addOption(cacheDir())
    .addOption(fetchImages())
    .action(async (paths: string[], opts) => {
      const { checkCommand } = await import('./check.ts');
      process.exitCode = await checkCommand(paths, opts);
    });

  program
    .command('grade')
    .description('grade a submission on a cluster: provision, apply the lab, probe, check')
    .argument(
      '[paths...]',
      'a student repo root or its Lab 4 folder, each; several, or a roster, are a class',
    )
    .option('--roster <file>', 'a class from a CSV: columns student,path[,repo,commit]; paths relative to it')
    .option('-j, --jobs <n>', 'submissions graded at once, each on its own cluster (default 1)')
    .option('--shard <i/n>', 'grade part i of n of the class (submission k goes to part k mod n + 1)')
    .addOption(
      new Option('-c, --cluster <kind>', 'where to run the lab')
        .choices(['sim', 'minikube', 'existing'])
        .default('minikube'),
    )
    .option('--context <name>', 'kubeconfig context (with --cluster existing)')
    .option('--kubeconfig <file>', 'kubeconfig file (with --cluster existing)')
    .option('-p, --profile <name>', 'minikube profile (default: a unique one per run)')
    .option('--keep', 'keep the cluster after grading')
    .option(
      '--calico <version>',
      "builtin (minikube's bundled Calico) or vX.Y.Z (upstream manifest)",
      'builtin',
    )
    .option('--kubernetes-version <v>', 'Kubernetes version for minikube start')
    .option('--minikube <path>', 'the minikube binary (default: from PATH)')
    .option(
      '--retries <n>',
      "tries again after a failure outside the student's control (a `minikube start` failing transiently, an image pull timing out); default 1",
    )
    .option('--faults <spec>', 'sim only: emulated faults (as LAB_SIM_FAULTS)')
    .option('--time-factor <n>', 'sim only: scale of emulated delays (default 0.01)')
    .option('--sim-home <dir>', 'sim only: state directory of the emulated cluster (default: a temp dir)')
    .addOption(format())
    .option(
      '-o, --report-dir <dir>',
      'write junit.xml, summary.md, results.json and evidence.json here; a class: DIR/<student>/ each, and DIR/class.csv, class.md, junit.xml',
    )
    .option('-r, --rubric <file>', 'a rubric JSON replacing the bundled Lab 4 rubric')
    .action(async (paths: string[], opts) => {
      const { gradeCommand } = await import('./grade.ts');
      process.exitCode = await gradeCommand(paths, opts);
    });

  program
    .command('evaluate')
    .description('re-grade a live run offline from its evidence.json')
    .argument('<evidence>', 'evidence.json of a live grade')
    .option('-s, --submission <path>', "the submission (default: the bundle's submission path)")
    .addOption(format())
    .option('-o, --report-dir <dir>', 'write junit.xml, summary.md and results.json here')
    .option('-r, --rubric <file>', 'a rubric JSON replacing the bundled Lab 4 rubric')
    .action(async (file: string, opts) => {
      const { evaluateCommand } = await import('./evaluate.ts');
      process.exitCode = await evaluateCommand(file, opts);
    });

  program
    .command('matrix')
    .description(
      'grade a submission live in every Calico × Kubernetes combination, each on a fresh cluster: matrix.md, matrix.json, junit.xml',
    )
    .argument('[submission]', 'a student repo root or its Lab 4 folder (default: the bundled reference)')
    .option(
      '--calico <versions>',
      'Calico versions, comma-separated (rows)',
      'v3.20.0,v3.24.5,v3.26.1,v3.28.1',
    )
    .option(
      '--kubernetes <versions>',
      'Kubernetes versions, comma-separated (columns)',
      'v1.24.3,v1.28.3,v1.31.0',
    )
    .option(
      '--minikube-version <versions>',
      'sim: minikube releases the emulator plays (a table each); minikube: the one installed (checked)',
    )
    .addOption(
      new Option('-c, --cluster <kind>', 'where to run the cells')
        .choices(['sim', 'minikube'])
        .default('minikube'),
    )
    .option('-j, --jobs <n>', 'cells graded at once, each on its own cluster (default 1)')
    .requiredOption(
      '-o, --report-dir <dir>',
      'write matrix.md, matrix.json, junit.xml here, and each cell’s reports in DIR/<calico>_<kubernetes>/',
    )
    .option('-r, --rubric <file>', 'a rubric JSON replacing the bundled Lab 4 rubric')
    .option('--minikube <path>', 'the minikube binary (default: from PATH)')
    .option('--retries <n>', 'as grade --retries (default 1)')
    .option('--faults <spec>', 'sim only: emulated faults (as LAB_SIM_FAULTS)')
    .option('--time-factor <n>', 'sim only: scale of emulated delays (default 0.01)')
    .action(async (submission: string | undefined, opts) => {
      const { matrixCommand } = await import('./matrix.ts');
      process.exitCode = await matrixCommand(submission, opts);
    });

  program
    .command('doctor')
    .description(
      'check this machine for a live grade: minikube, its driver, kubeconfig contexts, CPUs, memory, disk (exit 3 if something is missing)',
    )
    .option('--minikube <path>', 'the minikube binary (default: from PATH)')
    .addOption(
      new Option('-f, --format <format>', 'what to print on stdout')
        .choices(['console', 'json'])
        .default('console'),
    )
    .action(async (opts) => {
      const { doctorCommand } = await import('./doctor.ts');
      process.exitCode = await doctorCommand(opts);
    });

  const sim = program.command('sim').description('the emulated minikube + Calico cluster');
  sim
    .command('env')
    .description('print the exports that put the minikube stand-in first on PATH (eval them)')
    .option('--home <dir>', 'state directory (MINIKUBE_HOME and KUBECONFIG live here)')
    .addOption(
      new Option('--shell <shell>', 'output syntax')
        .choices(['sh', 'bash', 'zsh', 'fish', 'powershell'])
        .default('sh'),
    )
    .action(async (opts) => {
      const { simEnvCommand } = await import('./sim.ts');
      process.exitCode = simEnvCommand(opts);
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
    if (e instanceof CliError || e instanceof ReportDirError) {
      writeOut(process.stderr, `lab-grader: ${safeText(e.message, { newlines: 'keep' })}`);
      return e instanceof CliError ? e.exitCode : ExitCode.usage;
    }
    writeOut(
      process.stderr,
      `lab-grader: internal error: ${safeText(String((e as Error).stack ?? e), { newlines: 'keep' })}`,
    );
    return ExitCode.infrastructure;
  }
}
