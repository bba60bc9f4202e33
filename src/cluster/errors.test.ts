/** Error messages and boolean reasons of the driver's errors; small pure helpers next to them. */
import { describe, expect, it } from 'vitest';
import {
  CommandFailedError,
  formatDuration,
  isClusterError,
  KubeApiError,
  ToolMissingError,
  WaitTimeoutError,
} from './errors.ts';
import { exitCodeFromStatus } from './kube-exec.ts';
import { shellQuote } from './shell-quote.ts';
import { transcriptLine } from './transcript.ts';

describe('errors', () => {
  it('WaitTimeoutError reads "timed out after 360s waiting for …; last seen: …"', () => {
    const e = new WaitTimeoutError('2 Ready nodes', '1/2 Ready: t Ready; t-m02 NotReady', 360_000);
    expect(e.message).toBe(
      'timed out after 360s waiting for 2 Ready nodes; last seen: 1/2 Ready: t Ready; t-m02 NotReady',
    );
    expect([e.kind, e.timedOut, e.toolMissing, isClusterError(e)]).toEqual([
      'wait-timeout',
      true,
      false,
      true,
    ]);
  });

  it('CommandFailedError names argv, exit code and the stderr tail', () => {
    const e = new CommandFailedError({
      argv: ['minikube', 'start', '-p', 'x'],
      exitCode: 80,
      stdout: '',
      stderr: 'X Exiting due to GUEST_START: boom\n',
      timedOut: false,
      durationMs: 1200,
    });
    expect(e.message).toBe(
      '`minikube start -p x` failed with exit code 80: X Exiting due to GUEST_START: boom',
    );
    const t = new CommandFailedError({
      argv: ['minikube'],
      exitCode: undefined,
      stdout: '',
      stderr: '',
      timedOut: true,
      durationMs: 1500,
    });
    expect([t.message, t.timedOut]).toEqual(['`minikube` timed out after 1.5s', true]);
  });

  it('ToolMissingError carries the tool and an install hint', () => {
    const e = new ToolMissingError('calicoctl', '/usr/bin');
    expect(e.message).toContain('calicoctl not found on PATH; install calicoctl: https://docs.tigera.io/');
    expect(e.toolMissing).toBe(true);
  });

  it('KubeApiError sets its reasons from code and Status reason', () => {
    const base = { message: 'm', verb: 'create' as const, resource: 'pods/x (default)' };
    expect(new KubeApiError({ ...base, code: 409, reason: 'AlreadyExists' })).toMatchObject({
      alreadyExists: true,
      conflict: false,
    });
    expect(new KubeApiError({ ...base, code: 409, reason: 'Conflict' })).toMatchObject({
      alreadyExists: false,
      conflict: true,
    });
    expect(new KubeApiError({ ...base, code: 404, reason: 'NotFound' }).message).toBe(
      'create pods/x (default): 404 NotFound: m',
    );
  });

  it('formats durations', () => {
    expect([
      formatDuration(250),
      formatDuration(1000),
      formatDuration(1540),
      formatDuration(360_000),
    ]).toEqual(['250ms', '1s', '1.5s', '360s']);
  });
});

describe('helpers', () => {
  it('reads exit codes from exec Status objects (docs/reference-facts.md, kube-api-emulation, kubectl exec)', () => {
    expect(exitCodeFromStatus({ status: 'Success' })).toEqual({ exitCode: 0 });
    expect(
      exitCodeFromStatus({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '137' }] },
      }),
    ).toEqual({ exitCode: 137 });
    expect(
      exitCodeFromStatus({ status: 'Failure', reason: 'InternalError', message: 'no such binary' }),
    ).toEqual({
      exitCode: null,
      failure: 'no such binary',
    });
  });

  it('shell-quotes words for minikube ssh', () => {
    expect(['cat', '/etc/cni/net.d/10-calico.conflist', 'a b', "it's", ''].map(shellQuote)).toEqual([
      'cat',
      '/etc/cni/net.d/10-calico.conflist',
      "'a b'",
      "'it'\\''s'",
      "''",
    ]);
  });

  it('writes transcript lines', () => {
    const base = { tool: 'minikube', argv: ['minikube', 'status'], durationMs: 1200, timedOut: false };
    expect(transcriptLine({ ...base, exitCode: 0 })).toBe('$ minikube status → exit 0 (1.2s)');
    expect(transcriptLine({ ...base, exitCode: undefined, running: true })).toBe(
      '$ minikube status → still running (1.2s)',
    );
    expect(transcriptLine({ ...base, exitCode: undefined, timedOut: true })).toBe(
      '$ minikube status → timed out (1.2s)',
    );
  });
});
