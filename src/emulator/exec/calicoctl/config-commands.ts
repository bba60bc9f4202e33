/**
 * `calicoctl create|apply|replace|delete|get|patch` for IPPools (and `get nodes`), with the messages
 * of calicoctl/commands/{create,apply,replace,delete,get,patch}.go @v3.28.1.
 */
import type { CalicoctlArgs } from './args.ts';
import { type CalicoctlEnv, type CalicoctlResult, failure, versionMismatch } from './env.ts';
import { type LoadedResource, loadResources, ManifestError } from './manifest.ts';
import {
  createPool,
  decodeProblems,
  deletePool,
  mergePatch,
  notFound,
  updatePool,
  v3Body,
} from './pool-ops.ts';
import { goJson, goYaml, hasAssignmentMode, IPPOOL_ALIASES, IPPOOLS, toV3, toV3List } from './resources.ts';
import { tabwrite } from './tabwriter.ts';

type Loaded = { ok: true; resources: LoadedResource[] } | { ok: false; result: CalicoctlResult };

/** ExecuteConfigCommand's file handling: read, split, decode. */
function loadFile(env: CalicoctlEnv, file: string, skipEmpty: boolean): Loaded {
  const text = file === '-' ? env.stdin : env.readFile(file);
  if (text === undefined) {
    return {
      ok: false,
      result: failure(`Failed to execute command: open ${file}: no such file or directory`),
    };
  }
  let resources: LoadedResource[];
  try {
    resources = loadResources(text);
  } catch (e) {
    if (e instanceof ManifestError)
      return { ok: false, result: failure(`Failed to execute command: ${e.message}`) };
    throw e;
  }
  for (const r of resources) {
    const problem = r.kind === 'IPPool' ? decodeProblems(r.body, env.clientVersion) : undefined;
    if (problem) return { ok: false, result: failure(`Failed to execute command: ${problem}`) };
  }
  if (resources.length === 0 && !skipEmpty)
    return { ok: false, result: failure(`No resources specified in file ${file}`) };
  return { ok: true, resources };
}

function nameOf(r: LoadedResource): string {
  const meta = r.body.metadata as { name?: unknown } | undefined;
  return typeof meta?.name === 'string' ? meta.name : '';
}

function unsupportedKind(kind: string): string {
  return `operation is not supported on ${kind} in the emulated cluster`;
}

type Action = 'create' | 'apply' | 'replace';

const PAST: Record<Action, string> = { create: 'created', apply: 'applied', replace: 'replaced' };

export async function writeCommand(
  action: Action,
  env: CalicoctlEnv,
  args: CalicoctlArgs,
): Promise<CalicoctlResult> {
  const file = args.options.get('--filename');
  if (typeof file !== 'string')
    return failure(
      `Invalid option: 'calicoctl ${action}'. Use flag '--help' to read about a specific subcommand.`,
    );
  const mismatch = versionMismatch(env, args.options.has('--allow-version-mismatch'));
  if (mismatch) return failure(mismatch);
  const loaded = loadFile(env, file, args.options.has('--skip-empty'));
  if (!loaded.ok) return loaded.result;
  const { resources } = loaded;
  if (resources.length === 0) return { stdout: 'No resources specified\n', stderr: '', exitCode: 0 };
  const kinds = new Set(resources.map((r) => r.kind));
  const single = kinds.size === 1 ? resources[0].kind : '';
  const errors: string[] = [];
  let handled = 0;
  for (const r of resources) {
    let err: string | undefined;
    if (r.kind !== 'IPPool') err = unsupportedKind(r.kind);
    else if (action === 'create') {
      err = createPool(env, r.body);
      if (err?.startsWith('resource already exists') && args.options.has('--skip-exists')) err = undefined;
    } else if (action === 'replace') err = updatePool(env, r.body);
    else {
      err = createPool(env, r.body);
      if (err?.startsWith('resource already exists')) err = updatePool(env, r.body);
    }
    if (err === undefined) handled++;
    else {
      errors.push(err);
      // replace stops at the first error (results.Err); create/apply collect them.
      if (action === 'replace') break;
    }
  }
  const n = resources.length;
  if (action === 'replace' && errors.length > 0) {
    if (handled === 0) {
      const what = n === 1 ? `'${single}' resource` : single ? `any '${single}' resources` : 'any resources';
      return failure(`Failed to replace ${what}: ${errors[0]}`);
    }
    const part = single
      ? `replaced the first ${handled} out of ${n} '${single}' resources:\n`
      : `replaced the first ${handled} out of ${n} resources:\n`;
    return { stdout: `Partial success: ${part}`, stderr: `Hit error: ${errors[0]}\n`, exitCode: 1 };
  }
  if (handled === 0) {
    const what = n === 1 ? `'${single}' resource` : single ? `any '${single}' resources` : 'any resources';
    return failure(`Failed to ${action} ${what}: [${errors.join(' ')}]`);
  }
  if (errors.length === 0) {
    const what = single ? `'${single}' resource(s)` : 'resource(s)';
    return { stdout: `Successfully ${PAST[action]} ${handled} ${what}\n`, stderr: '', exitCode: 0 };
  }
  const part = single
    ? `${PAST[action]} the first ${handled} out of ${n} '${single}' resources:\n`
    : `${PAST[action]} the first ${handled} out of ${n} resources:\n`;
  const hit = action === 'apply' ? 'Hit error(s)' : 'Hit error';
  return { stdout: `Partial success: ${part}`, stderr: `${hit}: [${errors.join(' ')}]\n`, exitCode: 1 };
}

/** Resource type names calicoctl accepts on the command line (only these two are emulated). */
function resourceType(word: string): 'ippool' | 'node' | undefined {
  const w = word.toLowerCase();
  if (IPPOOL_ALIASES.includes(w)) return 'ippool';
  if (['node', 'nodes', 'no', 'nos'].includes(w)) return 'node';
  return undefined;
}

export async function deleteCommand(env: CalicoctlEnv, args: CalicoctlArgs): Promise<CalicoctlResult> {
  const mismatch = versionMismatch(env, args.options.has('--allow-version-mismatch'));
  if (mismatch) return failure(mismatch);
  let names: string[];
  const file = args.options.get('--filename');
  if (typeof file === 'string') {
    const loaded = loadFile(env, file, args.options.has('--skip-empty'));
    if (!loaded.ok) return loaded.result;
    if (loaded.resources.some((r) => r.kind !== 'IPPool')) return failure(unsupportedKind('this kind'));
    names = loaded.resources.map(nameOf);
  } else {
    const [type, ...rest] = args.positionals;
    if (!type || rest.length === 0)
      return failure(
        "Invalid option: 'calicoctl delete'. Use flag '--help' to read about a specific subcommand.",
      );
    if (resourceType(type) !== 'ippool')
      return failure(`Failed to delete resources: resource type '${type}' is not supported`);
    names = rest;
  }
  if (names.length === 0) return { stdout: 'No resources specified\n', stderr: '', exitCode: 0 };
  let handled = 0;
  let errText = '';
  for (const name of names) {
    const err = await deletePool(env, name);
    if (err === undefined) handled++;
    else if (!(args.options.has('--skip-not-exists') && err.startsWith('resource does not exist'))) {
      errText += `Failed to delete 'IPPool' resource: ${err}\n`;
    } else handled++;
  }
  const stdout = handled > 0 ? `Successfully deleted ${handled} 'IPPool' resource(s)\n` : '';
  return { stdout, stderr: errText === '' ? '' : `${errText}\n`, exitCode: errText === '' ? 0 : 1 };
}

function poolRows(env: CalicoctlEnv, objs: ReturnType<CalicoctlEnv['store']['list']>, wide: boolean): string {
  const assignment = hasAssignmentMode(env.clientVersion);
  const headings = wide
    ? [
        'NAME',
        'CIDR',
        'NAT',
        'IPIPMODE',
        'VXLANMODE',
        'DISABLED',
        'DISABLEBGPEXPORT',
        'SELECTOR',
        ...(assignment ? ['ASSIGNMENTMODE'] : []),
      ]
    : ['NAME', 'CIDR', 'SELECTOR'];
  let text = `${headings.map((h) => `${h}\t`).join('')}\n`;
  for (const o of objs) {
    const s = o.spec ?? {};
    const cells: Record<string, string> = {
      NAME: o.metadata.name,
      CIDR: String(s.cidr ?? ''),
      NAT: String(s.natOutgoing === true),
      IPIPMODE: s.ipipMode || 'Never',
      VXLANMODE: s.vxlanMode || 'Never',
      DISABLED: String(s.disabled === true),
      DISABLEBGPEXPORT: String(s.disableBGPExport === true),
      SELECTOR: String(s.nodeSelector ?? ''),
      ASSIGNMENTMODE: String(s.assignmentMode ?? '<no value>'),
    };
    text += `${headings.map((h) => `${cells[h]}\t`).join('')}\n`;
  }
  return `${tabwrite(text)}\n`;
}

function nodeRows(env: CalicoctlEnv, wide: boolean): string {
  const nodes = env.store.list('nodes');
  const headings = wide ? ['NAME', 'ASN', 'IPV4', 'IPV6'] : ['NAME'];
  let text = `${headings.map((h) => `${h}\t`).join('')}\n`;
  for (const n of nodes) {
    const ipv4 = n.metadata.annotations?.['projectcalico.org/IPv4Address'] ?? '';
    const cells: Record<string, string> = { NAME: n.metadata.name, ASN: '(64512)', IPV4: ipv4, IPV6: '' };
    text += `${headings.map((h) => `${cells[h]}\t`).join('')}\n`;
  }
  return `${tabwrite(text)}\n`;
}

export function getCommand(env: CalicoctlEnv, args: CalicoctlArgs): CalicoctlResult {
  const output = String(args.options.get('--output') ?? 'ps');
  if (!['ps', 'wide', 'yaml', 'json'].includes(output))
    return failure(`unrecognized output format '${output}'`);
  const mismatch = versionMismatch(env, args.options.has('--allow-version-mismatch'));
  if (mismatch) return failure(mismatch);
  let type: string | undefined;
  let names: string[] = [];
  const file = args.options.get('--filename');
  if (typeof file === 'string') {
    const loaded = loadFile(env, file, args.options.has('--skip-empty'));
    if (!loaded.ok) return loaded.result;
    type = 'ippool';
    names = loaded.resources.map(nameOf);
  } else {
    [type, ...names] = args.positionals;
    if (!type)
      return failure(
        "Invalid option: 'calicoctl get'. Use flag '--help' to read about a specific subcommand.",
      );
  }
  const kind = resourceType(type);
  if (!kind) return failure(`Failed to get resources: resource type '${type}' is not supported`);
  const wide = output === 'wide';
  if (kind === 'node') {
    if (output === 'yaml' || output === 'json') return failure(unsupportedKind('Node'));
    return { stdout: nodeRows(env, wide), stderr: '', exitCode: 0 };
  }
  const rv = String(env.store.currentResourceVersion());
  if (names.length === 0) {
    const objs = env.store.list(IPPOOLS);
    if (output === 'yaml') return { stdout: goYaml(toV3List(objs, rv)), stderr: '', exitCode: 0 };
    if (output === 'json') return { stdout: goJson(toV3List(objs, rv)), stderr: '', exitCode: 0 };
    return { stdout: poolRows(env, objs, wide), stderr: '', exitCode: 0 };
  }
  const found = names.map((n) => env.store.get(IPPOOLS, undefined, n)).filter((o) => o !== undefined);
  const missing = names.filter((n) => !env.store.get(IPPOOLS, undefined, n));
  let stdout = '';
  if (found.length > 0) {
    if (output === 'yaml') stdout = goYaml(found.length === 1 ? toV3(found[0]) : found.map(toV3));
    else if (output === 'json') stdout = goJson(found.length === 1 ? toV3(found[0]) : found.map(toV3));
    else stdout = found.map((o) => poolRows(env, [o], wide)).join('');
  }
  const stderr = missing.length > 0 ? `${missing.map(notFound).join('\n')}\n` : '';
  return { stdout, stderr, exitCode: missing.length > 0 ? 1 : 0 };
}

export function patchCommand(env: CalicoctlEnv, args: CalicoctlArgs): CalicoctlResult {
  const [type, name] = args.positionals;
  const patch = args.options.get('--patch');
  if (!type || !name || typeof patch !== 'string')
    return failure(
      `Invalid option: 'calicoctl patch'. Use flag '--help' to read about a specific subcommand.`,
    );
  const mismatch = versionMismatch(env, args.options.has('--allow-version-mismatch'));
  if (mismatch) return failure(mismatch);
  if (resourceType(type) !== 'ippool')
    return failure(`Failed to patch resources: resource type '${type}' is not supported`);
  const current = env.store.get(IPPOOLS, undefined, name);
  if (!current) return failure(`Failed to patch 'IPPool' resource: ${notFound(name)}\n`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(patch);
  } catch (e) {
    return failure(`Failed to patch 'IPPool' resource: ${(e as Error).message}\n`);
  }
  const body = mergePatch(v3Body(current), parsed) as Record<string, unknown>;
  const err = updatePool(env, body);
  if (err) return failure(`Failed to patch 'IPPool' resource: ${err}\n`);
  return { stdout: "Successfully patched 1 'IPPool' resource\n", stderr: '', exitCode: 0 };
}
