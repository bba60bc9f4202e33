import { describe, expect, it } from 'vitest';
import { execTarget, flagOn, flagValues, isInteractiveShell, parseKubectl } from './kubectl-args.ts';

describe('parseKubectl', () => {
  it('reads flags before and after the verb, and `--`', () => {
    const p = parseKubectl([
      '-n',
      'kube-system',
      'exec',
      '-it',
      'calicoctl',
      '--container=c',
      '--',
      '/calicoctl',
      'get',
    ]);
    expect(p.verb).toBe('exec');
    expect(p.positionals).toEqual(['calicoctl']);
    expect(p.rest).toEqual(['/calicoctl', 'get']);
    expect(flagValues(p, 'n', 'namespace')).toEqual(['kube-system']);
    expect(flagOn(p, 'i')).toBe(true);
    expect(flagOn(p, 't')).toBe(true);
    expect(flagValues(p, 'container')).toEqual(['c']);
  });

  it('reads attached short values and boolean values', () => {
    const p = parseKubectl([
      'apply',
      '-fdeploy.yaml',
      '-f=svc.yaml',
      '--overwrite=false',
      '--dry-run=client',
    ]);
    expect(flagValues(p, 'f')).toEqual(['deploy.yaml', 'svc.yaml']);
    expect(flagOn(p, 'overwrite')).toBe(false);
  });
});

describe('execTarget', () => {
  it('finds the pod and the command, in both forms', () => {
    expect(execTarget(['exec', '-i', '-n', 'kube-system', 'calicoctl', '--', '/calicoctl', 'get'])).toEqual({
      pod: 'calicoctl',
      command: ['/calicoctl', 'get'],
      stdin: true,
      tty: false,
      namespace: 'kube-system',
    });
    expect(execTarget(['exec', '-ti', 'pods/web', 'sh'])).toMatchObject({
      pod: 'web',
      command: ['sh'],
      tty: true,
    });
  });

  it('knows an interactive shell', () => {
    expect(isInteractiveShell(['sh'])).toBe(true);
    expect(isInteractiveShell(['/bin/bash'])).toBe(true);
    expect(isInteractiveShell(['busybox', 'sh'])).toBe(true);
    expect(isInteractiveShell(['sh', '-c', 'ping x'])).toBe(false);
  });
});
