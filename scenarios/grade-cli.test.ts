/**
 * `lab-grader grade --cluster sim` end to end, as a user runs it: reports, offline re-grading from the
 * evidence bundle, and Ctrl-C leaving no profile behind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Minikube } from '../src/cluster/minikube.ts';
import { simEnv } from '../src/emulator/sim-env.ts';
import { parseGradeResult } from '../src/report/json.ts';
import { FIXTURES } from './live-helpers.ts';

const BIN = join(import.meta.dirname, '../bin/lab-grader.js');
const reference = join(FIXTURES, 'reference');
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lab-grader-grade-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('lab-grader grade --cluster sim', () => {
  it('passes the reference with a testcase per check, and evidence.json re-grades to the same result', async () => {
    const out = join(tmp, 'out');
    const r = await execa('node', [BIN, 'grade', reference, '--cluster', 'sim', '--report-dir', out], {
      reject: false,
      env: { CI: 'true' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
    expect(result.cluster?.kind).toBe('sim');
    expect(result.checks.every((c) => c.status === 'pass')).toBe(true);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(result.checks.length);
    expect(junit).not.toMatch(/<failure|<error/);
    // CI logs get plain timestamped step lines.
    expect(r.stderr).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] ✔ rollout \(/m);

    const again = await execa(
      'node',
      [BIN, 'evaluate', join(out, 'evidence.json'), '--submission', reference, '--format', 'json'],
      { reject: false },
    );
    expect(again.exitCode, again.stderr).toBe(0);
    expect(parseGradeResult(again.stdout)).toEqual(result);
  }, 120_000);

  it('exits 3 with install hints when minikube is not there, skipping the live checks with the reason', async () => {
    const out = join(tmp, 'no-minikube');
    const r = await execa(
      'node',
      [
        BIN,
        'grade',
        reference,
        '--cluster',
        'minikube',
        '--minikube',
        join(tmp, 'no', 'minikube'),
        '--report-dir',
        out,
      ],
      {
        reject: false,
        env: { CI: 'true' },
      },
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/minikube.*not found/i);
    expect(r.stderr).toContain('https://minikube.sigs.k8s.io/docs/start/');
    const result = parseGradeResult(await readFile(join(out, 'results.json'), 'utf8'));
    const live = result.checks.find((c) => c.id === 'pods.ip-in-rack-pool');
    expect(live?.status).toBe('skip');
    expect(live?.message).toMatch(/provisioning the cluster failed/);
  }, 60_000);

  it('deletes the profile when interrupted with Ctrl-C (SIGINT to the process group)', async () => {
    const home = join(tmp, 'sim-home');
    // Time factor 1: image pulls take real seconds, so the run is surely still going when interrupted.
    const child = spawn(
      'node',
      [BIN, 'grade', reference, '--cluster', 'sim', '--sim-home', home, '--time-factor', '1'],
      {
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, CI: 'true' },
      },
    );
    let stderr = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the grade never reached the pools step; stderr:\n${stderr}`)),
        60_000,
      );
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (stderr.includes('▶ pools')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const before = await Minikube.locate({ env: { ...process.env, ...simEnv({ home }) } }).profiles();
    expect(before.map((p) => p.name)).toEqual(['minikube']);
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exited).toBe(130);
    const after = await execa('minikube', ['profile', 'list', '-o', 'json'], {
      env: { ...process.env, ...simEnv({ home }) },
      reject: false,
    });
    expect(JSON.parse(after.stdout)).toEqual({ invalid: [], valid: [] });
  }, 120_000);
});
