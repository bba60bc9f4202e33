import { describe, expect, it } from 'vitest';
import { FlagError, type FlagSpec, GLOBAL_FLAGS, parseArgs, parseGoDuration, splitCommand } from './args.ts';
import { START_FLAGS } from './start-options.ts';

const specs: FlagSpec[] = [...START_FLAGS, ...GLOBAL_FLAGS];

describe('parseArgs (pflag rules)', () => {
  // Every form a student's README uses for the lab's start line must give the same result.
  it.each([
    [['--nodes=2'], 2],
    [['--nodes', '2'], 2],
    [['-n', '2'], 2],
    [['-n2'], 2],
    [['-n=2'], 2],
  ])('%j sets nodes to %i', (argv, nodes) => {
    const parsed = parseArgs(argv, specs);
    expect(parsed.flags.nodes).toBe(nodes);
    expect(parsed.changed.has('nodes')).toBe(true);
  });

  it('parses the lab start line with mixed flag styles', () => {
    const parsed = parseArgs(
      [
        '--network-plugin=cni',
        '--cni',
        'calico',
        '-c',
        'containerd',
        '--kubernetes-version=v1.24.3',
        '-p',
        'lab4',
      ],
      specs,
    );
    expect(parsed.flags).toMatchObject({
      'network-plugin': 'cni',
      cni: 'calico',
      'container-runtime': 'containerd',
      'kubernetes-version': 'v1.24.3',
      profile: 'lab4',
    });
    expect(parsed.positionals).toEqual([]);
  });

  it('keeps defaults for flags not given and does not mark them changed', () => {
    const parsed = parseArgs([], specs);
    expect(parsed.flags.nodes).toBe(1);
    expect(parsed.flags.profile).toBe('minikube');
    expect(parsed.flags.wait).toEqual(['apiserver', 'system_pods']);
    expect(parsed.changed.size).toBe(0);
  });

  it('handles booleans: bare, =false, grouped shorthands', () => {
    expect(parseArgs(['--force'], specs).flags.force).toBe(true);
    expect(parseArgs(['--force=false'], specs).flags.force).toBe(false);
    const grouped = parseArgs(
      ['-ab'],
      [
        { name: 'alpha', short: 'a', type: 'bool' },
        { name: 'beta', short: 'b', type: 'bool' },
      ],
    );
    expect(grouped.flags).toEqual({ alpha: true, beta: true });
  });

  it('replaces a slice default and appends repeated values', () => {
    expect(parseArgs(['--wait=all'], specs).flags.wait).toEqual(['all']);
    expect(parseArgs(['--wait', 'apiserver,node_ready', '--wait=kubelet'], specs).flags.wait).toEqual([
      'apiserver',
      'node_ready',
      'kubelet',
    ]);
  });

  it('stops at -- and keeps interspersed positionals', () => {
    const parsed = parseArgs(
      ['-n', 'minikube-m02', 'cat', '--', 'sudo', 'cat', '-A'],
      [{ name: 'node', short: 'n', type: 'string' }],
    );
    expect(parsed.flags.node).toBe('minikube-m02');
    expect(parsed.positionals).toEqual(['cat']);
    expect(parsed.afterDash).toEqual(['sudo', 'cat', '-A']);
  });

  it.each([
    [['--x'], 'unknown flag: --x'],
    [['--x=1'], 'unknown flag: --x'],
    [['-z'], "unknown shorthand flag: 'z' in -z"],
    [['--nodes'], 'flag needs an argument: --nodes'],
    [['-n'], "flag needs an argument: 'n' in -n"],
    [
      ['--nodes=two'],
      'invalid argument "two" for "-n, --nodes" flag: strconv.ParseInt: parsing "two": invalid syntax',
    ],
    [
      ['--force=maybe'],
      'invalid argument "maybe" for "--force" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    ],
    [
      ['--wait-timeout=soon'],
      'invalid argument "soon" for "--wait-timeout" flag: time: invalid duration "soon"',
    ],
  ])('%j is rejected with pflag text', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrowError(new FlagError(message));
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['6m0s', 360_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['0', 0],
  ])('%s = %i ms', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it('rejects garbage', () => {
    expect(() => parseGoDuration('6 minutes')).toThrow('time: invalid duration "6 minutes"');
  });
});

describe('splitCommand', () => {
  const known = (p: string[]) => ['start', 'profile', 'profile list', 'ssh'].includes(p.join(' '));

  it('finds nested commands after global flags', () => {
    expect(splitCommand(['-p', 'lab', 'profile', 'list', '-o', 'json'], known)).toEqual({
      path: ['profile', 'list'],
      rest: ['-p', 'lab', '-o', 'json'],
    });
  });

  it('stops at the first word that is not a subcommand', () => {
    expect(splitCommand(['ssh', '-n', 'm02', '--', 'cat', 'x'], known)).toEqual({
      path: ['ssh'],
      rest: ['-n', 'm02', '--', 'cat', 'x'],
    });
  });
});
