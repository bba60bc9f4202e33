/**
 * How the driver reads a failed minikube: the reason and advice from the `Exiting due to` line or the
 * JSON error event, the exit code's meaning (kubernetes/minikube pkg/minikube/reason/exitcodes.go;
 * docs/reference-facts.md, minikube §8), a precise "profile missing", streamed progress lines. The
 * acceptance runs use the stand-in `bin/minikube` with its `start-exit` fault and minikube release.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simEnv } from '../minikube/stand-in.ts';
import { CLEANUP_DEADLINE_MS } from './cleanup.ts';
import {
  isTransientStartFailure,
  MINIKUBE_EXIT_CODES,
  MinikubeFailedError,
  parseMinikubeFailure,
} from './errors.ts';
import { DELETE_TIMEOUT_MS, Minikube, saysProfileMissing } from './minikube.ts';

/** minikube's text output of RSRC_DOCKER_MEMORY without colour (out.displayText, reason.go). */
const MEMORY_TEXT = [
  '! Some warning before',
  'X Exiting due to RSRC_DOCKER_MEMORY: Docker Desktop only has 1700MiB available, less than the required 1800MiB for Kubernetes',
  '* Suggestion: ',
  '',
  '    1. Click on "Docker for Desktop" menu icon',
  '    2. Click "Preferences"',
  '    3. Click "Resources"',
  '    4. Increase "Memory" slider bar to 2.25 GB or higher',
  '    5. Click "Apply & Restart"',
  '* Documentation: https://docs.docker.com/docker-for-mac/#resources',
  '',
].join('\n');

/** exit.Error's box (pkg/minikube/out/out.go displayGitHubIssueMessage) after a GUEST_START. */
const GUEST_START_TEXT = [
  '❌  Exiting due to GUEST_START: failed to start node: creating host: create host timed out in 360.000000 seconds',
  '',
  '╭───────────────────────────────────────────────────────────────────────────────────────────╮',
  '│    😿  If the above advice does not help, please let us know:                             │',
  '│    👉  https://github.com/kubernetes/minikube/issues/new/choose                           │',
  '│    Please run `minikube logs --file=logs.txt` and attach logs.txt to the GitHub issue.    │',
  '╰───────────────────────────────────────────────────────────────────────────────────────────╯',
].join('\n');

describe('parseMinikubeFailure', () => {
  it('reads the reason, the message and the multi-line suggestion of the text output', () => {
    expect(parseMinikubeFailure('', MEMORY_TEXT)).toEqual({
      reason: 'RSRC_DOCKER_MEMORY',
      message: 'Docker Desktop only has 1700MiB available, less than the required 1800MiB for Kubernetes',
      advice: [
        '1. Click on "Docker for Desktop" menu icon',
        '2. Click "Preferences"',
        '3. Click "Resources"',
        '4. Increase "Memory" slider bar to 2.25 GB or higher',
        '5. Click "Apply & Restart"',
      ].join('\n'),
      url: 'https://docs.docker.com/docker-for-mac/#resources',
    });
  });

  it('takes the Exiting line, not the issue box that ends stderr', () => {
    const f = parseMinikubeFailure('', GUEST_START_TEXT);
    expect(f?.reason).toBe('GUEST_START');
    expect(f?.message).toMatch(/^failed to start node: creating host/);
    expect(f?.advice).toBeUndefined();
  });

  it('reads the error event of --output=json (pkg/minikube/out/register: io.k8s.sigs.minikube.error)', () => {
    const stdout = [
      '{"specversion":"1.0","id":"1","source":"https://minikube.sigs.k8s.io/","type":"io.k8s.sigs.minikube.step","datacontenttype":"application/json","data":{"currentstep":"0","message":"minikube v1.38.1 on Ubuntu 24.04","name":"Initial Minikube Setup","totalsteps":"19"}}',
      '{"specversion":"1.0","id":"2","source":"https://minikube.sigs.k8s.io/","type":"io.k8s.sigs.minikube.error","datacontenttype":"application/json","data":{"advice":"","exitcode":"106","issues":"","message":"Kubernetes 1.24.3 is not supported by this release of minikube","name":"K8S_OLD_UNSUPPORTED","url":""}}',
    ].join('\n');
    expect(parseMinikubeFailure(stdout, '')).toEqual({
      reason: 'K8S_OLD_UNSUPPORTED',
      message: 'Kubernetes 1.24.3 is not supported by this release of minikube',
    });
  });

  it('finds nothing in output without a failure, and never throws on any output', () => {
    expect(parseMinikubeFailure('* Done!', 'E1201 some log line')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), fc.string(), (out, err) => {
        parseMinikubeFailure(out, err);
        const found = parseMinikubeFailure(out, `${err}\nX Exiting due to MK_USAGE: bad flag`);
        // The Exiting line appended last is the one read, whatever came before.
        return found?.reason === 'MK_USAGE' && found.message === 'bad flag';
      }),
    );
  });
});

// minikube wraps a failed command's output in `** stderr **` … `** /stderr **` (pkg/minikube/command,
// RunResult.Output), as when its `kubectl apply` of the CNI manifest fails (pkg/minikube/cni/cni.go applyManifest).
const CNI_APPLY_FAILED = [
  '* Configuring Calico (Container Networking Interface) ...',
  '',
  'X Exiting due to GUEST_START: failed to start node: apply cni: cni apply: cmd: sudo /var/lib/minikube/binaries/v1.31.0/kubectl apply --kubeconfig=/var/lib/minikube/kubeconfig -f /var/tmp/minikube/cni.yaml output: ',
  '** stderr ** ',
  'error: resource mapping not found for name: "calico-kube-controllers" namespace: "kube-system" from "/var/tmp/minikube/cni.yaml": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"',
  'ensure CRDs are installed first',
  '',
  '** /stderr **: Process exited with status 1',
  '* ',
  '╭──────╮',
  '│    * If the above advice does not help, please let us know:  │',
  '╰──────╯',
].join('\n');

describe('the quoted output of a failed command', () => {
  it("keeps kubectl's error that minikube quotes after the message, not the box", () => {
    const f = parseMinikubeFailure('', CNI_APPLY_FAILED);
    expect(f?.reason).toBe('GUEST_START');
    expect(f?.output).toBe(
      'error: resource mapping not found for name: "calico-kube-controllers" namespace: "kube-system" from "/var/tmp/minikube/cni.yaml": no matches for kind "PodDisruptionBudget" in version "policy/v1beta1" ensure CRDs are installed first',
    );
    const e = new MinikubeFailedError({
      argv: ['minikube', 'start'],
      exitCode: 80,
      stdout: '',
      stderr: CNI_APPLY_FAILED,
      timedOut: false,
      durationMs: 1,
    });
    expect(e.message).toContain('no matches for kind "PodDisruptionBudget" in version "policy/v1beta1"');
  });

  it('has no output when minikube quotes none', () => {
    expect(parseMinikubeFailure('', MEMORY_TEXT)?.output).toBeUndefined();
  });
});

describe('MinikubeFailedError', () => {
  const failure = (exitCode: number, stderr: string) =>
    new MinikubeFailedError({
      argv: ['minikube', 'start', '-p', 'x'],
      exitCode,
      stdout: '',
      stderr,
      timedOut: false,
      durationMs: 1000,
    });

  it('maps the exit codes a lab start meets to a meaning and a hint', () => {
    for (const code of [14, 23, 26, 29, 55, 63, 80, 85, 106])
      expect(MINIKUBE_EXIT_CODES[code]?.hint, String(code)).toBeTruthy();
    expect(MINIKUBE_EXIT_CODES[23]?.what).toBe('not enough memory');
    expect(MINIKUBE_EXIT_CODES[29]?.what).toBe('not enough CPUs');
  });

  it('says what the code means, quotes minikube and its advice, and stays a (non-transient) command failure', () => {
    const e = failure(23, MEMORY_TEXT);
    expect(e.message).toContain(
      '`minikube start -p x` failed with exit code 23: not enough memory — Exiting due to RSRC_DOCKER_MEMORY: Docker Desktop only has 1700MiB',
    );
    expect(e.message).toContain(
      'minikube suggests: 1. Click on "Docker for Desktop" menu icon 2. Click "Preferences"',
    );
    expect(e.message).toContain('hint: give Docker more memory');
    expect([e.reason, e.kind, isTransientStartFailure(e)]).toEqual([
      'RSRC_DOCKER_MEMORY',
      'command-failed',
      false,
    ]);
    const guest = failure(80, GUEST_START_TEXT);
    expect(guest.message).not.toContain('If the above advice does not help');
    expect(isTransientStartFailure(guest)).toBe(true);
  });

  it('keeps the stderr tail for an unknown code without an Exiting line', () => {
    expect(failure(7, 'something odd').message).toBe(
      '`minikube start -p x` failed with exit code 7: something odd',
    );
  });
});

describe('saysProfileMissing', () => {
  it("matches minikube's words for this profile only (delete.go, mustload.go)", () => {
    expect(saysProfileMissing('🙄  "lab4-x" profile does not exist, trying anyways.', 'lab4-x')).toBe(true);
    expect(
      saysProfileMissing(
        '🤷  Profile "lab4-x" not found. Run "minikube profile list" to view all profiles.',
        'lab4-x',
      ),
    ).toBe(true);
    expect(saysProfileMissing('"other" profile does not exist, trying anyways.', 'lab4-x')).toBe(false);
    // The old /not found/ took these for a missing profile and reported the delete as done.
    expect(saysProfileMissing('docker: command not found', 'lab4-x')).toBe(false);
    expect(saysProfileMissing('Error: container lab4-x not found', 'lab4-x')).toBe(false);
  });

  it('bounds the cleanup after a signal by more than the delete it waits for', () => {
    expect(CLEANUP_DEADLINE_MS).toBeGreaterThanOrEqual(DELETE_TIMEOUT_MS);
  });
});

describe('the stand-in, as a student meets it', () => {
  let tmp: string;
  const envWith = (extra: NodeJS.ProcessEnv) => ({
    ...simEnv({ home: tmp }),
    HOME: tmp,
    LAB_SIM_TIME_FACTOR: '0',
    MINIKUBE_IN_STYLE: 'false',
    ...extra,
  });
  const spec = { profile: 'fails', nodes: 2, containerRuntime: 'containerd', cni: 'calico' };

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'minikube-failure-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('a start that fails with exit 23 says "not enough memory" with minikube\'s advice', async () => {
    const mk = Minikube.locate({ env: envWith({ LAB_SIM_FAULTS: 'start-exit=23' }) });
    const e = await mk.start(spec).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MinikubeFailedError);
    const f = e as MinikubeFailedError;
    expect(f.exitCode).toBe(23);
    expect(f.message).toContain('not enough memory');
    expect(f.message).toContain('Increase "Memory" slider bar to 2.25 GB or higher');
    expect(f.advice).toContain('5. Click "Apply & Restart"');
  }, 30_000);

  it('minikube v1.37 refuses Kubernetes v1.24.3 with exit 106, and the driver names the oldest it runs', async () => {
    const mk = Minikube.locate({ env: envWith({ LAB_SIM_MINIKUBE_VERSION: 'v1.37.0', LAB_SIM_FAULTS: '' }) });
    const lines: string[] = [];
    const e = (await mk
      .start({ ...spec, kubernetesVersion: 'v1.24.3', onLine: (l) => lines.push(l) })
      .catch((x: unknown) => x)) as MinikubeFailedError;
    expect([e.exitCode, e.reason]).toEqual([106, 'K8S_OLD_UNSUPPORTED']);
    expect(e.message).toContain(
      'this minikube does not run that Kubernetes version — Exiting due to K8S_OLD_UNSUPPORTED: Kubernetes 1.24.3 is not supported by this release of minikube; this minikube runs Kubernetes v1.28.0 and later',
    );
    expect(lines[0]).toMatch(/^\* minikube v1\.37\.0 on /);
  }, 30_000);

  it('streams stdout lines while the command runs', async () => {
    const script = path.join(tmp, 'slow-minikube');
    await writeFile(script, '#!/bin/sh\necho "* first"\nsleep 1\nprintf "* last"\n');
    await chmod(script, 0o755);
    const mk = Minikube.locate({ bin: script, env: {} });
    const seen: { line: string; at: number }[] = [];
    await mk.start({ ...spec, onLine: (line) => seen.push({ line, at: Date.now() }) });
    const done = Date.now();
    expect(seen.map((s) => s.line)).toEqual(['* first', '* last']);
    expect(done - (seen[0]?.at ?? done)).toBeGreaterThanOrEqual(700);
  }, 30_000);
});
