import { describe, expect, it } from 'vitest';
import { lab4Result, makeResult } from '../testing/result-builder.ts';
import { renderMarkdown, renderMarkdownMany } from './markdown.ts';

/** Table rows of a Markdown text, split on unescaped pipes. */
function tableRows(md: string): string[][] {
  return md
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => splitRow(line));
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '\\' && line[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (line[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += line[i];
  }
  return cells;
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(
    lab4Result({ cluster: { kind: 'minikube', kubernetes: 'v1.31.0', calico: 'v3.29.1' } }),
  );

  it('starts with the lab and submission, then the score and the counts', () => {
    const [title, , score] = md.split('\n');
    expect(title).toBe('## 💥 lab4: `alice`');
    expect(score).toBe('**Score: 6 / 12** · 3 passed · 1 failed · 1 not verified · 1 error');
    expect(md).toContain('Cluster: minikube · Kubernetes v1.31.0 · Calico v3.29.1');
  });

  it('has a table with one row per check, in order, with a status mark', () => {
    const rows = tableRows(md);
    expect(rows[0]).toEqual(['', 'Check', 'Points', 'Result']);
    const body = rows.slice(2);
    expect(body.map((r) => r[0])).toEqual(['✅', '✅', '❌', '✅', '❔', '💥']);
    expect(body[4][3]).toBe('not verified: no live cluster (static mode)');
    expect(body[2]).toEqual([
      '❌',
      '**one IPPool per rack**<br>`pools.per-rack`',
      '1 / 3',
      'pool rack-2 selects no node',
    ]);
  });

  it('lists failed and errored checks with their hints under "What to fix"', () => {
    const section = md.slice(md.indexOf('### What to fix'), md.indexOf('### Details'));
    expect(section).toContain('- ❌ **one IPPool per rack** (`pools.per-rack`): pool rack-2 selects no node');
    expect(section).toContain('  > Set nodeSelector to rack == "2" and label the second node with rack=2.');
    expect(section).toContain('- 💥 **the Service spreads requests**');
    expect(section).not.toContain('net.ping-dns');
  });

  it('puts diagnostics and the evidence of failures in <details> blocks', () => {
    const details = md.slice(md.indexOf('### Details'));
    expect(details.match(/<details>/g)).toHaveLength(2);
    expect(details).toContain('<pre>pod/frontend-1 Running\npod/frontend-2 CrashLoopBackOff</pre>');
    expect(details).toContain('"rack-2": []');
    expect(details.match(/<\/details>/g)).toHaveLength(2);
  });

  it('escapes pipes and newlines so a cell cannot break the table', () => {
    const tricky = makeResult([
      { id: 'a.pipe', title: 'x | y', status: 'fail', message: 'got a|b\nthen c', hint: 'see `a | b`' },
    ]);
    const rows = tableRows(renderMarkdown(tricky));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(4);
    expect(rows[2][1]).toBe('**x \\| y**<br>`a.pipe`');
    expect(rows[2][3]).toBe('got a\\|b<br>then c');
  });

  it('keeps Markdown and HTML in messages literal, but code spans as code', () => {
    const out = renderMarkdown(
      makeResult([
        {
          id: 'a.b',
          status: 'fail',
          message: '<script> *bold* [link](x) a_b_c',
          hint: 'run `kubectl get ippool -o yaml`',
        },
      ]),
    );
    expect(out).toContain('&lt;script&gt; \\*bold\\* \\[link\\](x) a\\_b\\_c');
    expect(out).toContain('  > run `kubectl get ippool -o yaml`');
    expect(out).not.toContain('<script>');
  });

  it('continues multi-line messages and hints inside their list item and quote', () => {
    const out = renderMarkdown(
      makeResult([{ id: 'a.b', status: 'fail', message: 'one\ntwo', hint: 'h1\nh2' }]),
    );
    expect(out).toContain(': one\n  two\n  > h1\n  > h2');
  });

  it('shows diagnostics in a <pre> block they cannot close, and truncates long ones', () => {
    const out = renderMarkdown(makeResult([{ id: 'a.b', diagnostics: 'before\n```\n</pre><img src=x>' }]));
    expect(out).toContain('<pre>before\n```\n&lt;/pre&gt;&lt;img src=x&gt;</pre>');
    const long = renderMarkdown(makeResult([{ id: 'a.b', diagnostics: 'x'.repeat(50) }]), {
      maxDiagnosticsChars: 10,
    });
    expect(long).toContain(`${'x'.repeat(10)}\n… 40 more characters (full text in junit.xml)`);
  });

  it('has no "What to fix" or details when everything passed', () => {
    const out = renderMarkdown(makeResult([{ id: 'a.b' }, { id: 'a.c' }]));
    expect(out.startsWith('## ✅ lab4')).toBe(true);
    expect(out).not.toContain('What to fix');
    expect(out).not.toContain('<details>');
    expect(out).not.toContain('Cluster:');
  });

  it('marks a result whose only shortfall is an unverified check with ❔, never ✅', () => {
    const out = renderMarkdown(makeResult([{ id: 'a.b' }, { id: 'a.c', status: 'skip', maxPoints: 3 }]));
    expect(out.startsWith('## ❔ lab4')).toBe(true);
    expect(out).not.toContain('✅ lab4');
    const neutral = renderMarkdown(makeResult([{ id: 'a.b' }, { id: 'a.c', status: 'skip', maxPoints: 0 }]));
    expect(neutral.startsWith('## ✅ lab4')).toBe(true);
    expect(tableRows(neutral)[3][0]).toBe('⏭️');
  });

  it('says when and where a signal interrupted the grade', () => {
    const out = renderMarkdown(makeResult([{ id: 'a.b' }], { interrupted: { signal: 'SIGINT' } }));
    expect(out.startsWith('## 💥 lab4')).toBe(true);
    expect(out).toContain(
      '\n\n> ⚠️ interrupted by SIGINT: the checks of steps that never ran are not verified\n\n',
    );
  });

  it('keeps student text from rendering HTML, mentioning people or running workflow commands', () => {
    const out = renderMarkdown(
      makeResult(
        [
          {
            id: 'a.b',
            title: '@everyone <img src=x onerror=alert(1)>',
            status: 'fail',
            message: 'pool `<b>` x\n::add-mask::y ##[group]',
            diagnostics: 'x\n::error::z',
          },
        ],
        { submission: '<img src=x>' },
      ),
    );
    expect(out).not.toMatch(/<img|<b>|@everyone/);
    expect(out).toContain('**@&#8203;everyone &lt;img src=x onerror=alert(1)&gt;**');
    expect(out).toContain('## ❌ lab4: <code>&lt;img src=x&gt;</code>');
    expect(out).toContain('pool <code>&lt;b&gt;</code> x\n  &#58;:add-mask::y ##\\[group\\]');
    expect(out).toContain('<pre>x\n&#58;:error::z</pre>');
  });

  it('says so when no check ran', () => {
    expect(renderMarkdown(makeResult([]))).toContain('_No checks ran._');
  });
});

describe('renderMarkdownMany', () => {
  const results = [lab4Result(), makeResult([{ id: 'a.b' }], { submission: 'bob|by' })];
  const md = renderMarkdownMany(results);

  it('starts with a summary table, one row per submission', () => {
    expect(md.split('\n')[0]).toBe('# lab4: 2 submissions');
    const summary = tableRows(md.slice(0, md.indexOf('\n## ')));
    expect(summary[0]).toEqual([
      'Submission',
      'Score',
      '✅ passed',
      '❌ failed',
      '❔ not verified',
      '⏭️ skipped',
      '💥 errors',
    ]);
    expect(summary.slice(2)).toEqual([
      ['💥 `alice`', '6 / 12', '3', '1', '1', '0', '1'],
      ['✅ `bob\\|by`', '1 / 1', '1', '0', '0', '0', '0'],
    ]);
  });

  it('then renders each submission in order', () => {
    const titles = md.split('\n').filter((l) => l.startsWith('## '));
    expect(titles).toEqual(['## 💥 lab4: `alice`', '## ✅ lab4: `bob|by`']);
    expect(md).toContain(renderMarkdown(results[0]).trimEnd());
  });
});
