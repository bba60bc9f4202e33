import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPipelines, tokenize } from './tokenize.ts';

const words = (s: string, powershell = false) =>
  splitPipelines(tokenize(s, { powershell }).tokens).map((p) =>
    p.commands.map((c) => c.words.map((w) => w.v)),
  );

describe('tokenize', () => {
  it('removes quotes and escapes as a POSIX shell does', () => {
    expect(words(`alias calicoctl="kubectl exec -i -n kube-system calicoctl -- /calicoctl"`)).toEqual([
      [['alias', 'calicoctl=kubectl exec -i -n kube-system calicoctl -- /calicoctl']],
    ]);
    expect(words(`kubectl patch ippool p -p '{"spec": {"disabled": true}}'`)).toEqual([
      [['kubectl', 'patch', 'ippool', 'p', '-p', '{"spec": {"disabled": true}}']],
    ]);
    expect(words(`echo "a \\"b\\" \\x" it\\'s 'x'"y"`)).toEqual([[['echo', 'a "b" \\x', "it's", 'xy']]]);
  });

  it('splits chains and pipes, and drops comments', () => {
    expect(words('a 1 && b 2 || c; d & e | f # note')).toEqual([
      [['a', '1']],
      [['b', '2']],
      [['c']],
      [['d']],
      [['e'], ['f']],
    ]);
    expect(words('# only a comment')).toEqual([]);
    expect(words('curl http://x/#frag')).toEqual([[['curl', 'http://x/#frag']]]);
  });

  it('takes redirections out of the words', () => {
    const [p] = splitPipelines(tokenize('calicoctl create -f - < pool.yaml 2>/dev/null >out.txt').tokens);
    expect(p?.commands[0]?.words.map((w) => w.v)).toEqual(['calicoctl', 'create', '-f', '-']);
    expect(p?.commands[0]?.stdinFile).toBe('pool.yaml');
    const [h] = splitPipelines(tokenize("cat <<-'EOF' | kubectl apply -f -").tokens);
    expect(h?.commands[0]?.heredocs).toEqual([{ delimiter: 'EOF', stripTabs: true }]);
  });

  it('keeps $(…) and backticks literal, with their pipes', () => {
    expect(words('kubectl exec $(kubectl get pod -o name | head -1) -- ping x')).toEqual([
      [['kubectl', 'exec', '$(kubectl get pod -o name | head -1)', '--', 'ping', 'x']],
    ]);
  });

  it('says when a command goes on on the next line', () => {
    expect(tokenize('minikube start \\').continued).toBe(true);
    expect(tokenize(`kubectl patch -p '{"a":`).open).toBe(true);
    expect(tokenize('ls "x').open).toBe(true);
    expect(tokenize('ls x').open || tokenize('ls x').continued).toBe(false);
  });

  it('reads PowerShell: backslash is a path separator, the backtick escapes', () => {
    // (bash itself reads `.\calicoctl.exe` as `.calicoctl.exe`)
    expect(words('.\\calicoctl.exe get ippool')).toEqual([[['.calicoctl.exe', 'get', 'ippool']]]);
    expect(words('.\\calicoctl.exe get ippool', true)).toEqual([[['.\\calicoctl.exe', 'get', 'ippool']]]);
    expect(tokenize('minikube start `', { powershell: true }).continued).toBe(true);
  });

  it('gives back single-quoted words unchanged (property)', () => {
    const quote = (w: string) => `'${w.replaceAll("'", `'\\''`)}'`;
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 6 }),
        (ws) => {
          const [p] = splitPipelines(tokenize(ws.map(quote).join(' ')).tokens);
          expect(p?.commands[0]?.words.map((w) => w.v)).toEqual(ws);
        },
      ),
    );
  });
});
