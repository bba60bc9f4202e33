import { describe, expect, it } from 'vitest';
import { inlineSpans, normalizeLang, scanMarkdown } from './markdown.ts';

describe('scanMarkdown', () => {
  it('finds fenced blocks (``` and ~~~) with the fence line, CRLF and indented fences', () => {
    const text =
      'intro\r\n```bash\r\nminikube start\r\n```\r\n~~~console\r\n$ ls\r\n~~~\r\n1. step\r\n   ```sh\r\n   kubectl get pods\r\n   ```\r\n';
    const blocks = scanMarkdown(text).flatMap((i) => (i.type === 'block' ? [i.block] : []));
    expect(blocks).toEqual([
      { lang: 'bash', text: 'minikube start', line: 2 },
      { lang: 'console', text: '$ ls', line: 5 },
      { lang: 'sh', text: 'kubectl get pods', line: 9 },
    ]);
  });

  it('closes only on a fence at least as long, and runs an unclosed fence to the end', () => {
    const blocks = scanMarkdown('````md\n```bash\nx\n```\n````\n```\nopen\n').flatMap((i) =>
      i.type === 'block' ? [i.block] : [],
    );
    expect(blocks).toEqual([
      { lang: 'md', text: '```bash\nx\n```', line: 1 },
      { lang: '', text: 'open', line: 6 },
    ]);
  });

  it('reads an indented block after a blank line, not a paragraph continuation', () => {
    const items = scanMarkdown(
      'Run:\n\n    minikube start --nodes=2\n    kubectl get nodes\n\nText\n    not code\n',
    );
    expect(items).toEqual([
      {
        type: 'block',
        block: { lang: '', text: 'minikube start --nodes=2\nkubectl get nodes', line: 2, indented: true },
      },
    ]);
  });

  it('reads inline spans, including a one-line ```span``` and a command written in the info string', () => {
    const items = scanMarkdown(
      'Start ```minikube start -p x``` and `kubectl get nodes`.\n```kubectl get pods\n```\n',
    );
    expect(items).toEqual([
      { type: 'span', text: 'minikube start -p x', line: 1 },
      { type: 'span', text: 'kubectl get nodes', line: 1 },
      { type: 'block', block: { lang: '', text: 'kubectl get pods', line: 2 } },
    ]);
  });
});

describe('inlineSpans / normalizeLang', () => {
  it('matches backtick runs of the same length', () => {
    expect(inlineSpans('a `x` b ``y ` z`` c `unclosed')).toEqual(['x', 'y ` z']);
  });
  it('normalises language tags', () => {
    expect(normalizeLang('Bash title="x"')).toBe('bash');
    expect(normalizeLang('{.sh}')).toBe('sh');
  });
});
