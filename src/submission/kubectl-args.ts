/**
 * kubectl's command line as cobra/pflag reads it: flags anywhere (before or after the verb),
 * `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, bundled booleans (`-it`), and `--`
 * ending the flags (what follows is `kubectl exec`'s command).
 */

export interface ParsedFlag {
  /** Long name without dashes (`namespace`), or the letter of a short flag (`n`). */
  name: string;
  value: string | null;
}

export interface KubectlArgs {
  verb?: string;
  /** Positional words after the verb (before `--`). */
  positionals: string[];
  flags: ParsedFlag[];
  /** Words after `--`, when `--` is given. */
  rest?: string[];
}

/** Long kubectl flags that take a value (the others are booleans, `--flag=value` still works). */
const LONG_VALUE = new Set([
  'namespace',
  'context',
  'kubeconfig',
  'cluster',
  'user',
  'server',
  'token',
  'output',
  'selector',
  'filename',
  'patch',
  'patch-file',
  'type',
  'container',
  'field-selector',
  'label-columns',
  'sort-by',
  'template',
  'kustomize',
  'grace-period',
  'timeout',
  'pod-running-timeout',
  'as',
  'as-group',
  'as-uid',
  'cache-dir',
  'certificate-authority',
  'client-certificate',
  'client-key',
  'request-timeout',
  'v',
  'vmodule',
  'resource-version',
  'field-manager',
  'port',
  'target-port',
  'name',
  'image',
  'replicas',
  'protocol',
  'external-ip',
  'cascade',
  'subresource',
  'overrides',
  'env',
  'labels',
  'session-affinity',
  'load-balancer-ip',
  'generator',
  'prune-allowlist',
  'selector-fields',
  'for',
  'address',
]);
const SHORT_VALUE = new Set(['n', 'o', 'l', 'f', 'p', 'c', 'k', 's', 'L', 'v']);

/**
 * kubectl's subcommands (`kubectl --help`, v1.2x; https://kubernetes.io/docs/reference/kubectl/generated/)
 * and the `calico` plugin: what may follow `kubectl` (after global flags) in a line that is a command,
 * not a sentence about kubectl.
 */
export const KUBECTL_VERBS: ReadonlySet<string> = new Set([
  'create',
  'expose',
  'run',
  'set',
  'explain',
  'get',
  'edit',
  'delete',
  'rollout',
  'scale',
  'autoscale',
  'certificate',
  'cluster-info',
  'top',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'describe',
  'logs',
  'attach',
  'exec',
  'port-forward',
  'proxy',
  'cp',
  'auth',
  'debug',
  'events',
  'diff',
  'apply',
  'patch',
  'replace',
  'wait',
  'kustomize',
  'label',
  'annotate',
  'completion',
  'alpha',
  'api-resources',
  'api-versions',
  'config',
  'plugin',
  'version',
  'options',
  'help',
  'calico',
]);

/** Parses `argv.slice(1)` of a kubectl command. */
export function parseKubectl(args: readonly string[]): KubectlArgs {
  const flags: ParsedFlag[] = [];
  const positionals: string[] = [];
  let verb: string | undefined;
  let rest: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq !== -1) flags.push({ name: a.slice(2, eq), value: a.slice(eq + 1) });
      else {
        const name = a.slice(2);
        if (LONG_VALUE.has(name) && i + 1 < args.length) flags.push({ name, value: args[++i] as string });
        else flags.push({ name, value: null });
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      i = readShortFlags(args, i, flags);
      continue;
    }
    if (verb === undefined) verb = a;
    else positionals.push(a);
  }
  const parsed: KubectlArgs = { positionals, flags };
  if (verb !== undefined) parsed.verb = verb;
  if (rest !== undefined) parsed.rest = rest;
  return parsed;
}

/** Reads `-it`, `-n ns`, `-nns`, `-n=ns` at `args[i]`; returns the index of the last word used. */
function readShortFlags(args: readonly string[], i: number, flags: ParsedFlag[]): number {
  const a = args[i] as string;
  for (let k = 1; k < a.length; k++) {
    const letter = a[k] as string;
    if (SHORT_VALUE.has(letter)) {
      const attached = a.slice(k + 1);
      if (attached.length > 0) {
        flags.push({ name: letter, value: attached.startsWith('=') ? attached.slice(1) : attached });
        return i;
      }
      if (i + 1 < args.length) {
        flags.push({ name: letter, value: args[i + 1] as string });
        return i + 1;
      }
      flags.push({ name: letter, value: null });
      return i;
    }
    if (a[k + 1] === '=') {
      flags.push({ name: letter, value: a.slice(k + 2) });
      return i;
    }
    flags.push({ name: letter, value: null });
  }
  return i;
}

/** Values of a flag under any of its names, in order (`-f a -f b --filename=c`). */
export function flagValues(parsed: { flags: ParsedFlag[] }, ...names: string[]): string[] {
  const out: string[] = [];
  for (const f of parsed.flags) if (names.includes(f.name) && f.value !== null) out.push(f.value);
  return out;
}

/** A boolean flag is on: given bare, or `=true`. */
export function flagOn(parsed: { flags: ParsedFlag[] }, ...names: string[]): boolean {
  let on = false;
  for (const f of parsed.flags) {
    if (!names.includes(f.name)) continue;
    on = f.value === null || !/^(?:false|0|f)$/i.test(f.value);
  }
  return on;
}

export interface ExecTarget {
  pod?: string;
  /** The command run in the pod: after `--`, or (deprecated form) the words after the pod. */
  command: string[];
  stdin: boolean;
  tty: boolean;
  namespace?: string;
}

/**
 * The pod and command of `kubectl exec` (args = argv.slice(1), starting at `exec` or at a global
 * flag). The deprecated form without `--` (`kubectl exec -it POD sh`) takes the words after the pod.
 */
export function execTarget(args: readonly string[]): ExecTarget {
  const dashDash = args.indexOf('--');
  const head = dashDash === -1 ? args : args.slice(0, dashDash);
  let pod: string | undefined;
  let podIndex = -1;
  let seenVerb = false;
  const flags: ParsedFlag[] = [];
  for (let i = 0; i < head.length; i++) {
    const a = head[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      if (eq !== -1) flags.push({ name: a.slice(2, eq), value: a.slice(eq + 1) });
      else if (LONG_VALUE.has(a.slice(2)) && i + 1 < head.length)
        flags.push({ name: a.slice(2), value: head[++i] as string });
      else flags.push({ name: a.slice(2), value: null });
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      i = readShortFlags(head, i, flags);
      continue;
    }
    if (!seenVerb) {
      seenVerb = true;
      continue;
    }
    pod = a;
    podIndex = i;
    break;
  }
  let command: string[];
  if (dashDash !== -1) command = args.slice(dashDash + 1);
  else command = podIndex === -1 ? [] : args.slice(podIndex + 1);
  if (pod !== undefined) pod = pod.replace(/^pods?\//, '');
  const target: ExecTarget = {
    command,
    stdin: flagOn({ flags }, 'i', 'stdin'),
    tty: flagOn({ flags }, 't', 'tty'),
  };
  if (pod !== undefined) target.pod = pod;
  const ns = flagValues({ flags }, 'n', 'namespace').at(-1);
  if (ns !== undefined) target.namespace = ns;
  return target;
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|zsh|dash)$/;

/** `sh`, `/bin/bash`, `busybox sh`: an interactive shell, not a one-off command. */
export function isInteractiveShell(command: readonly string[]): boolean {
  if (command.length === 1) return SHELLS.test(command[0] as string);
  if (command.length === 2 && /(?:^|\/)busybox$/.test(command[0] as string))
    return SHELLS.test(command[1] as string);
  return false;
}
