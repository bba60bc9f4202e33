/**
 * `lab-grader grade --cluster sim` end to end, as a user runs it: reports, offline re-grading from the
 * evidence bundle, and the process faults — SIGINT/SIGTERM, SIGKILL, a lost cluster, two grades on
 * one sim home — each leaving no cluster, process, port or temp dir behind. Every grade gets its own
 * TMPDIR, so "no /tmp/lab-grader-* left" is checked on that alone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Minikube } from '../src/cluster/minikube.ts';
import { parseEvidence } from '../src/evidence/schema.ts';
import { LIVE_STEPS } from '../src/live/session.ts';
import { simEnv } from '../src/minikube/stand-in.ts';
import { parseGradeResult } from '../src/report/json.ts';
import { FIXTURES, isRunning, listeningPorts, portOpen, processTree } from './live-helpers.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
const reference = join(FIXTURES, 'reference');
let tmp: string;
let runs = 0;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-grade-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A fresh TMPDIR for one grade, and what the grade left in it (should be nothing of lab-grader's). */
async function privateTmp(): Promise<{ dir: string; leftovers: () => Promise<string[]> }> {
  const dir = join(tmp, `tmpdir-${++runs}`);
  await mkdir(dir, { recursive: true });
  return { dir, leftovers: async () => (await readdir(dir)).filter((e) => e.startsWith('lab-grader-')) };
}

/** The profiles in a sim home. */
async function profiles(home: string): Promise<string[]> {
  const list = await Minikube.locate({ env: { ...process.env, ...simEnv({ home }) } }).profiles();
  return list.map((p) => p.name);
}

/** Starts a grade in the background; `reached(text)` resolves once stderr shows text. */
function startGrade(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn('node', [BIN, 'grade', reference, '--cluster', 'sim', ...args], {
    detached: true, // its own process group, as a shell job: Ctrl-C goes to the whole group
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CI: 'true', ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const reached = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`never reached '${text}'; stderr:\n${stderr}`)),
        90_000,
      );
      const poll = setInterval(() => {
        if (!stderr.includes(text)) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 20);
    });
  return { child: child as ChildProcess & { pid: number }, exited, reached, stderr: () => stderr };
}

/** The daemon of the (only) profile in the grade's temp sim home under `tmpDir`. */
async function daemonIn(tmpDir: string): Promise<{ pid: number; port: number }> {
  const [home] = (await readdir(tmpDir)).filter((e) => e.startsWith('lab-grader-sim-'));
  const profilesDir = join(tmpDir, home as string, 'minikube', 'profiles');
  const [profile] = await readdir(profilesDir);
  return JSON.parse(await readFile(join(profilesDir, profile as string, 'daemon.json'), 'utf8'));
}

describe('lab-grader grade --cluster sim', () => {
  it('passes the reference with a testcase per check, and evidence.json re-grades to the same result', async () => {
    const out = join(tmp, 'out');
    const t = await privateTmp();
    const r = await execa('node', [BIN, 'grade', reference, '--cluster', 'sim', '--report-dir', out], {
      reject: false,
      env: { CI: 'true', TMPDIR: t.dir },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
    expect(result.cluster?.kind).toBe('sim');
    expect(result.interrupted).toBeUndefined();
    expect(result.checks.every((c) => c.status === 'pass')).toBe(true);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(result.checks.length);
    expect(junit).not.toMatch(/<failure|<error/);
    // CI logs get plain timestamped step lines, with the step's position.
    expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] ▶ rollout \(6\/11\): /m);
    expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] ✔ rollout \(/m);
    expect(await t.leftovers()).toEqual([]);

    const again = await execa(
      'node',
      [BIN, 'evaluate', join(out, 'evidence.json'), '--submission', reference, '--format', 'json'],
      { reject: false },
    );
    expect(again.exitCode, again.stderr).toBe(0);
    expect(parseGradeResult(again.stdout)).toEqual(result);
  }, 120_000);

  it('exits 3 with install hints when minikube is not there: not graded, naming the cluster step', async () => {
    const out = join(tmp, 'no-minikube');
    const t = await privateTmp();
    const r = await execa(
      'node',
      [BIN, 'grade', reference, '--cluster', 'minikube', '--minikube', join(tmp, 'no', 'minikube')].concat([
        '--report-dir',
        out,
      ]),
      { reject: false, env: { CI: 'true', TMPDIR: t.dir } },
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/minikube.*not found/i);
    expect(r.stderr).toContain('https://minikube.sigs.k8s.io/docs/start/');
    const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
    expect(result).toMatchObject({ status: 'ungraded', score: null, checks: [] });
    expect(result.status === 'ungraded' && result.error.step).toBe('cluster');
    expect(r.stdout).toMatch(/not graded: cluster: minikube not found/);
    expect(await t.leftovers()).toEqual([]);
  }, 60_000);

  // Time factor 1: image pulls take real seconds, so the pools step is surely still running.
  it.each<[NodeJS.Signals, string]>([
    ['SIGINT', 'Ctrl-C: to the process group'],
    ['SIGTERM', 'to the grader'],
  ])(
    'on %s (%s) writes a complete report marked interrupted, deletes the cluster and exits 3',
    async (signal) => {
      const out = join(tmp, `interrupted-${signal}`);
      const home = join(tmp, `home-${signal}`);
      const t = await privateTmp();
      const grade = startGrade(['--time-factor', '1', '--sim-home', home, '--report-dir', out], {
        TMPDIR: t.dir,
      });
      await grade.reached('▶ pools');
      expect(await profiles(home)).toHaveLength(1);
      process.kill(signal === 'SIGINT' ? -grade.child.pid : grade.child.pid, signal);
      expect(await grade.exited).toBe(3);

      const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
      expect(result.interrupted).toEqual({ signal, step: 'pools' });
      expect(result.checks.find((c) => c.id === 'pods.ip-in-rack-pool')?.message).toContain(
        `interrupted by ${signal}`,
      );
      expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('interrupted');
      expect(await readFile(join(out, 'summary.md'), 'utf8')).toContain(`interrupted by ${signal}`);
      const evidence = parseEvidence(await readFile(join(out, 'evidence.json'), 'utf8'));
      expect(evidence.interrupted).toEqual({ signal, step: 'pools' });
      // Each step ends once in the log: the interrupted one failed, the later ones skipped.
      for (const step of LIVE_STEPS) {
        const ends = grade.stderr().match(new RegExp(`^\\[[^\\]]+\\] [✔✖○] ${step.name} \\(`, 'gm'));
        expect(ends, step.name).toHaveLength(1);
      }
      expect(grade.stderr()).toMatch(/○ dns \(0\.0s\) not run: interrupted by SIG/);
      expect(await profiles(home)).toEqual([]);
      expect(await t.leftovers()).toEqual([]);
    },
    120_000,
  );

  it('leaves no process, port or temp dir behind when the grader is killed (SIGKILL)', async () => {
    const t = await privateTmp();
    const grade = startGrade(['--time-factor', '1'], { TMPDIR: t.dir });
    await grade.reached('▶ pools');
    const daemon = await daemonIn(t.dir);
    const pids = [...processTree(grade.child.pid), daemon.pid];
    const ports = listeningPorts(daemon.pid);
    expect(ports).toContain(daemon.port);
    process.kill(grade.child.pid, 'SIGKILL');
    await grade.exited;

    // The daemon polls its owner every 500 ms; 5 s is plenty even on a loaded machine.
    const deadline = Date.now() + 5000;
    while (pids.some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(isRunning)).toEqual([]);
    for (const port of ports) expect(await portOpen(port), `port ${port}`).toBe(false);
    expect(await t.leftovers()).toEqual([]);
  }, 120_000);

  it('exits 3 when the cluster is lost mid-grade, naming the step; the checks it cut short are errors', async () => {
    const out = join(tmp, 'lost');
    const t = await privateTmp();
    const grade = startGrade(['--time-factor', '1', '--report-dir', out], { TMPDIR: t.dir });
    await grade.reached('▶ pools');
    process.kill((await daemonIn(t.dir)).pid, 'SIGKILL');
    expect(await grade.exited).toBe(3);
    expect(grade.stderr()).toContain('the cluster does not answer any more');
    const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
    const ipInPool = result.checks.find((c) => c.id === 'pods.ip-in-rack-pool');
    expect(ipInPool?.status).toBe('error');
    expect(ipInPool?.message).toMatch(/the cluster was lost during the (pools|deploy) step/);
    expect(result.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(await t.leftovers()).toEqual([]);
  }, 120_000);

  it('gives two grades sharing a --sim-home a profile each; both pass and neither deletes the other', async () => {
    const home = join(tmp, 'shared-home');
    const t = await privateTmp();
    const run = () =>
      execa('node', [BIN, 'grade', reference, '--cluster', 'sim', '--sim-home', home, '--format', 'json'], {
        reject: false,
        env: { CI: 'true', TMPDIR: t.dir },
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.exitCode, a.stderr).toBe(0);
    expect(b.exitCode, b.stderr).toBe(0);
    const profileOf = (stderr: string) => /minikube profile (lab4-[0-9a-f]+)/.exec(stderr)?.[1];
    expect(profileOf(a.stderr)).toBeTruthy();
    expect(profileOf(a.stderr)).not.toBe(profileOf(b.stderr));
    expect(await profiles(home)).toEqual([]);
    expect(await t.leftovers()).toEqual([]);
  }, 180_000);
});
