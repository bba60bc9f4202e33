import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { CheckResult } from '../src/checks/types.ts';
import { Minikube } from '../src/cluster/minikube.ts';
import { type Evidence, parseEvidence } from '../src/evidence/schema.ts';
import { liveConfigFromEnv } from '../src/live/config.ts';
import { LiveGrade } from '../src/live/engine.ts';
import { simEnv } from '../src/minikube/stand-in.ts';
import { parseGradeResult } from '../src/report/json.ts';

export const FIXTURES = join(import.meta.dirname, '../fixtures/submissions');

export interface LiveRun {
  results: CheckResult[];
  evidence: Evidence;
  failing: string[];
  /** minikube profiles left in the run's MINIKUBE_HOME after the session closed. */
  profilesAfter: string[];
}

/** One live grade on the emulated cluster (the engine `lab-grader grade` runs), through the same driver code as a real minikube. */
export async function gradeOnSim(submission: string, faults = ''): Promise<LiveRun> {
  const home = await mkdtemp(join(tmpdir(), 'lab-grader-live-test-'));
  try {
    const config = liveConfigFromEnv({
      SUBMISSION: submission,
      LAB_SIM_FAULTS: faults,
      LAB_SIM_HOME: home,
      LAB_SIM_TIME_FACTOR: '0.01',
    });
    // Grades run concurrently in one worker: signals are left to vitest.
    const grade = await LiveGrade.open(config, { signals: false });
    const { result, evidence } = await grade.run();
    const profiles = await Minikube.locate({ env: { ...process.env, ...simEnv({ home }) } }).profiles();
    return {
      results: result.checks,
      evidence,
      failing: result.checks
        .filter((r) => r.status === 'fail' || r.status === 'error')
        .map((r) => r.id)
        .sort(),
      profilesAfter: profiles.map((p) => p.name),
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** `pid` and every process below it (Linux /proc). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) S ppid …": fields after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return tree;
}

/** Alive and not a zombie (Linux /proc). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

/** The TCP ports `pid` listens on (its socket inodes matched in /proc/net/tcp{,6}). */
export function listeningPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && f[9] && inodes.has(f[9]))
        ports.push(Number.parseInt(f[1]?.split(':').pop() ?? '', 16));
    }
  }
  return ports;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');

/**
 * `lab-grader grade` of the reference on sim through the CLI, as a user runs it, with emulator faults
 * and `--retries`; its exit, stderr and the reports it wrote in `tmp/name`.
 */
export async function gradeReferenceCli(tmp: string, name: string, faults: string, retries: string) {
  const out = join(tmp, name);
  const r = await execa(
    'node',
    [
      BIN,
      'grade',
      join(FIXTURES, 'reference'),
      '--cluster',
      'sim',
      '--faults',
      faults,
      '--retries',
      retries,
      '--report-dir',
      out,
    ],
    { reject: false, env: { CI: 'true', TMPDIR: tmp } },
  );
  const evidence = parseEvidence(await readFile(join(out, 'evidence.json'), 'utf8'));
  const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
  const step = (name: string) => evidence.steps.find((s) => s.name === name);
  return { r, evidence, result, step };
}
