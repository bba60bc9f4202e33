/**
 * calicoctl as it runs in the calico/ctl pod against the Kubernetes datastore (docs/reference-facts.md, calico-manifests §3).
 * Also usable for a host binary: the caller supplies the env.
 */
import { parseArgs } from './args.ts';
import { deleteCommand, getCommand, patchCommand, writeCommand } from './config-commands.ts';
import { type CalicoctlEnv, type CalicoctlResult, failure, invalidOption } from './env.ts';
import { ipamCommand } from './ipam.ts';
import { versionCommand } from './version.ts';

export type { CalicoctlEnv, CalicoctlResult } from './env.ts';

const TOP_USAGE = `Usage:
  calicoctl [options] <command> [<args>...]

    create       Create a resource by file, directory or stdin.
    replace      Replace a resource by file, directory or stdin.
    apply        Apply a resource by file, directory or stdin.  This creates a resource
                 if it does not exist, and replaces a resource if it does exists.
    patch        Patch a preexisting resource in place.
    delete       Delete a resource identified by file, directory, stdin or resource type and
                 name.
    get          Get a resource identified by file, directory, stdin or resource type and
                 name.
    label        Add or update labels of resources.
    convert      Convert config files between different API versions.
    ipam         IP address management.
    node         Calico node management.
    version      Display the version of this binary.
    datastore    Calico datastore management.
`;

/** `calicoctl ARGS…` (argv without the program name). */
export async function runCalicoctl(args: string[], env: CalicoctlEnv): Promise<CalicoctlResult> {
  // Global options come before the command (docopt OptionsFirst).
  let i = 0;
  let allowMismatch = false;
  while (i < args.length && args[i].startsWith('-')) {
    const a = args[i];
    if (a === '--allow-version-mismatch') allowMismatch = true;
    else if (a === '-l' || a === '--log-level' || a === '--context') i++;
    else if (a === '-h' || a === '--help') return { stdout: TOP_USAGE, stderr: '', exitCode: 0 };
    else if (!a.startsWith('--log-level=') && !a.startsWith('--context=') && !/^-l\w/.test(a))
      return {
        stdout: `Invalid option: '${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`,
        stderr: '',
        exitCode: 1,
      };
    i++;
  }
  const command = args[i];
  if (command === undefined) return { stdout: '', stderr: TOP_USAGE, exitCode: 1 };
  const rest = args.slice(i + 1);
  const parsed = parseArgs(rest);
  if (allowMismatch) parsed.options.set('--allow-version-mismatch', true);
  if (parsed.unknown) return invalidOption([command, ...rest]);
  switch (command) {
    case 'create':
    case 'apply':
    case 'replace':
      return writeCommand(command, env, parsed);
    case 'delete':
      return deleteCommand(env, parsed);
    case 'get':
      return getCommand(env, parsed);
    case 'patch':
      return patchCommand(env, parsed);
    case 'ipam':
      return ipamCommand(env, parsed);
    case 'version':
      return versionCommand(env);
    case 'label':
    case 'convert':
    case 'node':
    case 'datastore':
      return failure(`calicoctl ${command} is not emulated`);
    default:
      return failure(`Unknown command: "${command}"\n${TOP_USAGE}`);
  }
}
