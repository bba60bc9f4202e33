import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult } from '../testing/result-builder.ts';
import { renderConsole, renderConsoleMany } from './console.ts';

const ANSI = /\u001b\[/;

describe('renderConsole', () => {
  const result = lab4Result();

  it('writes one aligned line per check with its mark and points', () => {
    const out = renderConsole(
      makeResult([{ id: 'pools.cidr-valid', title: 'every pool CIDR is valid', maxPoints: 2 }]),
      {
        color: false,
      },
    );
    expect(out.split('\n')[1]).toBe('✔ pools.cidr-valid  every pool CIDR is valid  2/2');
    const lines = renderConsole(result, { color: false }).split('\n');
    const checkLines = lines.filter((l) => /^[✔✖?○‼] /.test(l));
    expect(checkLines.map((l) => l[0])).toEqual(['✔', '✔', '✖', '✔', '?', '‼']);
    expect(new Set(checkLines.map((l) => l.indexOf(l.trim().split(' ').at(-1) as string))).size).toBe(1);
  });

  it('indents the message and hint under failures and errors, not under passes', () => {
    const out = renderConsole(result, { color: false });
    expect(out).toContain(
      '✖ pools.per-rack      one IPPool per rack               1/3\n' +
        '    pool rack-2 selects no node\n' +
        '    hint: Set nodeSelector to rack == "2" and label the second node with rack=2.\n',
    );
    expect(out).toContain(
      '? net.ping-dns        pods ping each other by DNS name  0/2\n    not verified: no live cluster (static mode)\n',
    );
    expect(out).not.toContain('2 nodes Ready');
    expect(out).not.toContain('CrashLoopBackOff');
  });

  it('ends with the score line', () => {
    const lines = renderConsole(result, { color: false }).trimEnd().split('\n');
    expect(lines[0]).toBe('lab4 · alice');
    expect(lines.at(-1)).toBe('Score 6/12 · 3 passed, 1 failed, 1 not verified, 1 error');
  });

  it('shows messages, evidence and diagnostics when verbose', () => {
    const out = renderConsole(result, { color: false, verbose: true });
    expect(out).toContain('✔ nodes.count         two nodes are Ready               2/2\n    2 nodes Ready\n');
    expect(out).toContain('    │ pod/frontend-2 CrashLoopBackOff');
    expect(out).toContain('    evidence: {');
  });

  it('contains no ANSI escapes without colour, and some with colour', () => {
    expect(renderConsole(result, { color: false, verbose: true })).not.toMatch(ANSI);
    expect(renderConsole(result, { color: true })).toMatch(ANSI);
  });

  it('shows control characters from submission content instead of sending them to the terminal', () => {
    const out = renderConsole(
      makeResult([{ id: 'a.b', status: 'fail', message: 'pool \u001b]0;pwned\u0007 bad' }], {
        submission: 'x\u001b[2J',
      }),
      { color: false },
    );
    expect(out).not.toContain('\u001b');
    expect(out).toContain('pool \\x1b]0;pwned\\x07 bad');
    expect(out.split('\n')[0]).toBe('lab4 · x\\x1b[2J');
  });

  it('shows a skipped check worth points as not verified, and a skip worth nothing as neutral', () => {
    const out = renderConsole(
      makeResult([
        { id: 'a.pass' },
        { id: 'a.unverified', status: 'skip', maxPoints: 3, message: 'no pools' },
        { id: 'a.neutral', status: 'skip', maxPoints: 0, message: 'nothing to do' },
      ]),
      { color: false },
    );
    expect(out).toContain('? a.unverified  a.unverified  0/3\n    not verified: no pools\n');
    expect(out).toContain('○ a.neutral     a.neutral     0/0\n    nothing to do\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      'Score 1/4 · 1 passed, 0 failed, 1 not verified, 1 skipped, 0 errors',
    );
  });

  it('says when and where a signal interrupted the grade', () => {
    const out = renderConsole(
      makeResult([{ id: 'a.b' }], { interrupted: { signal: 'SIGTERM', step: 'pools' } }),
      {
        color: false,
      },
    );
    expect(out).toContain(
      '! interrupted by SIGTERM during pools: the checks of steps that never ran are not verified\nScore',
    );
  });

  it('splits multi-line messages into lines that the Actions runner cannot read as commands', () => {
    const out = renderConsole(
      makeResult([{ id: 'a.b', status: 'fail', message: 'pool x\n::add-mask::secret\r\n  ##[group]y' }]),
      { color: false },
    );
    expect(out).toContain('    pool x\n    \\x3a:add-mask::secret\n      ##\\x5bgroup]y\n');
  });
});

describe('renderConsoleMany', () => {
  it('prints each submission, then one total line per submission', () => {
    const out = renderConsoleMany([lab4Result(), makeResult([{ id: 'a.b' }], { submission: 'bob' })], {
      color: false,
    });
    expect(out.match(/^Score /gm)).toHaveLength(2);
    expect(out.trimEnd().split('\n').slice(-3)).toEqual(['2 submissions', 'alice  6/12', 'bob    1/1']);
  });
});
