/**
 * `lab-grader doctor`: probes what a live grade on minikube needs (the judging is in
 * doctor-checks.ts). Every probe has a timeout and never throws: what it cannot learn becomes the
 * item's `error`. No kubectl: the kubeconfig is read as a file.
 */
import { existsSync } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import pc from 'picocolors';
import { parse as parseYaml } from 'yaml';
import { which } from '../cluster/which.ts';
import { writeOut } from '../report/output.ts';
import { firstLine } from '../report/safe-text.ts';
import { useColor } from '../report/terminal.ts';
import {
  type DoctorFacts,
  doctorExitCode,
  doctorItems,
  type KubeconfigFile,
  renderDoctor,
  type ToolFact,
} from './doctor-checks.ts';

export interface DoctorOptions {
  minikube?: string;
  format: 'console' | 'json';
}

/** Per probe (a command, a file read, a statfs). */
export const PROBE_TIMEOUT_MS = 5000;

export async function doctorCommand(opts: DoctorOptions): Promise<number> {
  const facts = await probeFacts({ minikube: opts.minikube });
  const items = doctorItems(facts);
  if (opts.format === 'json') writeOut(process.stdout, JSON.stringify(items, null, 2));
  else {
    const c = pc.createColors(useColor(process.stdout));
    writeOut(process.stdout, renderDoctor(items, { ok: c.green, warn: c.yellow, fail: c.red }));
  }
  return doctorExitCode(items);
}

export async function probeFacts(
  o: { minikube?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<DoctorFacts> {
  const env = o.env ?? process.env;
  const t = o.timeoutMs ?? PROBE_TIMEOUT_MS;
  const [minikube, docker, podman, kubeconfig, disk] = await Promise.all([
    probeTool(
      o.minikube ?? 'minikube',
      ['version', '--short'],
      env,
      t,
      (out) => /v\d+\.\d+\.\d+\S*/.exec(out)?.[0],
    ),
    probeTool('docker', ['version', '--format', '{{.Server.Version}}'], env, t),
    probeTool('podman', ['version', '--format', '{{.Version}}'], env, t),
    probeKubeconfig(env, t),
    probeDisk(env, t),
  ]);
  return {
    minikube: { ...minikube, searched: o.minikube ? `at ${o.minikube}` : 'on PATH' },
    docker,
    podman,
    kubeconfig,
    cpus: os.availableParallelism(),
    memory: { free: os.freemem(), total: os.totalmem() },
    disk,
  };
}

/** Finds `name`, runs it with `args` and reads a version off stdout (its first line by default). */
export async function probeTool(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  version: (stdout: string) => string | undefined = (out) => out.trim().split('\n')[0] || undefined,
): Promise<ToolFact> {
  const bin = which(name, env);
  if (!bin) return {};
  try {
    // The outer timeout also covers a grandchild that keeps the pipes open after the kill.
    const r = await withTimeout(
      execa(bin, args, {
        env,
        reject: false,
        timeout: timeoutMs,
        forceKillAfterDelay: 1000,
        stdin: 'ignore',
      }),
      timeoutMs + 2000,
      `${name} ${args.join(' ')}`,
    );
    const v = r.exitCode === 0 ? version(String(r.stdout ?? '')) : undefined;
    if (v) return { path: bin, version: v };
    const why = r.timedOut
      ? `no answer within ${timeoutMs / 1000}s`
      : `exit ${r.exitCode ?? r.signal}: ${lastLine(String(r.stderr ?? '') || String(r.stdout ?? ''))}`;
    return { path: bin, error: why };
  } catch (e) {
    return { path: bin, error: (e as Error).message };
  }
}

/** $KUBECONFIG's files (path.delimiter-separated) or ~/.kube/config: contexts and the current one. */
export async function probeKubeconfig(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<DoctorFacts['kubeconfig']> {
  const paths = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p !== '');
  if (paths.length === 0) paths.push(path.join(env.HOME || os.homedir(), '.kube', 'config'));
  const files: KubeconfigFile[] = [];
  const contexts: string[] = [];
  let current: string | undefined;
  for (const file of paths) {
    if (!existsSync(file)) {
      files.push({ path: file, exists: false });
      continue;
    }
    try {
      const text = await withTimeout(readFile(file, 'utf8'), timeoutMs, `reading ${file}`);
      const doc = (parseYaml(text) ?? {}) as { contexts?: { name?: unknown }[]; 'current-context'?: unknown };
      if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a kubeconfig mapping');
      for (const c of Array.isArray(doc.contexts) ? doc.contexts : [])
        if (typeof c?.name === 'string' && !contexts.includes(c.name)) contexts.push(c.name);
      // kubectl's merge rule: the first file that sets current-context wins.
      const cur = doc['current-context'];
      if (current === undefined && typeof cur === 'string' && cur) current = cur;
      files.push({ path: file, exists: true });
    } catch (e) {
      files.push({ path: file, exists: true, error: firstLine((e as Error).message) });
    }
  }
  return { files, contexts, ...(current ? { current } : {}) };
}

/** Free space where minikube keeps its images and profiles: $MINIKUBE_HOME or ~/.minikube (or the nearest existing parent). */
export async function probeDisk(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<DoctorFacts['disk']> {
  let dir = env.MINIKUBE_HOME || path.join(env.HOME || os.homedir(), '.minikube');
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    const s = await withTimeout(statfs(dir), timeoutMs, `statfs ${dir}`);
    return { path: dir, free: Number(s.bavail) * Number(s.bsize) };
  } catch (e) {
    return { path: dir, error: (e as Error).message };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000}s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const lastLine = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .at(-1) ?? '';
