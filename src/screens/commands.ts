import { commandsInPlainText } from '../submission/index.ts';
import { type ScreenLine, tokensConfidence, WEAK_CONFIDENCE } from './lines.ts';
import { fixCommandHead, fixDashes, fixNodeName, fixStartFlags } from './noise.ts';
import type { ScreenCommand, ScreenSource } from './types.ts';

/**
 * A command head after a shell prompt (`user@host:~$ `, `PS C:\x> `, `host ~ % `, `/frontend # `,
 * `git:(main) x `), or at the start of the line. Heads are matched loosely here (OCR); fixCommandHead
 * then fixes them at the line's start only.
 */
const HEAD = String.raw`(?:sudo\s+)?(?:[Kk]ubect\S*|m[i1l]n[l1]?[i1l]kube|n[i1l]n[i1l]kube|\.?[\\/]?ca[l1I]icoct[l1I]|ping)\b(?![-.])`;
const AFTER_PROMPT = new RegExp(String.raw`^.{0,200}?(?:[$#%>»]|\)\s*x)\s*(${HEAD}.*)$`);
// Without a prompt, a line must read like a command (`minikube start`), not a table row (`minikube   Ready`).
const AT_START = new RegExp(String.raw`^\s*(${HEAD}\s+[a-z-].*)$`);
/** Output lines that never continue a wrapped command. */
const OUTPUT =
  /^(?:[^A-Za-z0-9—–-]|Successfully|NAME\b|error|Error|[A-Z][a-z]+ing\b|PING\b|\d+ bytes)|\b(?:created|deleted|labeled|configured|exposed|unchanged|patched)\s*$/;

/** The command text of a line, or undefined when the line shows no command. */
export function commandOf(text: string): string | undefined {
  const m = AFTER_PROMPT.exec(text) ?? AT_START.exec(text);
  if (!m) return undefined;
  let cmd = (m[1] as string).trim().replace(/\\(?=calicoctl)/, '/');
  cmd = fixCommandHead(cmd.replace(/^sudo\s+/, ''));
  cmd = fixStartFlags(fixDashes(cmd));
  return fixNodeTokens(cmd);
}

/** Node names in a command (`kubectl label nodes minikube-m@2 …`) read as minikube names (noise.ts). */
function fixNodeTokens(cmd: string): string {
  return cmd.replace(/(?<=\s)\S+-m[0-9OoQ@©68][0-9](?=\s|$)/g, (tok) => {
    const fixed = fixNodeName(tok);
    return fixed.ok ? fixed.value : tok;
  });
}

/**
 * The commands a screenshot shows, as the report parser reads them (commandsInPlainText), each with its
 * image, OCR line and confidence. A command the terminal wrapped onto the next line is joined.
 */
export function screenCommands(
  lines: readonly ScreenLine[],
  base: Omit<ScreenSource, 'line' | 'confidence' | 'weak'>,
): ScreenCommand[] {
  const width = Math.max(0, ...lines.map((l) => l.text.trimEnd().length));
  const text: string[] = [];
  const origin: ScreenLine[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as ScreenLine;
    let cmd = commandOf(line.text);
    const used = [line];
    if (cmd !== undefined) {
      const next = lines[i + 1];
      const long = line.text.trimEnd().length >= Math.max(60, width * 0.85);
      if (
        next &&
        long &&
        next.text.trim() &&
        !OUTPUT.test(next.text.trim()) &&
        commandOf(next.text) === undefined
      ) {
        const cont = fixDashes(next.text.trim());
        const spaced =
          /^--|^-[A-Za-z]\s/.test(cont) || /\s(?:nodes?|label|delete|get|ippools?|exec|-f|-n)$/.test(cmd);
        cmd = fixNodeTokens(`${cmd}${spaced ? ' ' : ''}${cont}`);
        used.push(next);
        text.push(cmd, '');
        origin.push(used, []);
        i++;
        continue;
      }
    }
    text.push(cmd ?? '');
    origin.push(used);
  }
  const { commands } = commandsInPlainText(text.join('\n'), base.source, { firstLine: 1 });
  return commands.map((command) => {
    const at = origin[command.source.line - 1] ?? [];
    const first = at[0] ?? { text: '', n: command.source.line, confidence: 0, words: [] };
    const tokens = command.source.argv.slice(1).filter((t) => t.length >= 3 && !t.startsWith('--'));
    const confidence = Math.min(
      ...at.map((l) =>
        tokensConfidence(
          l,
          tokens.filter((t) => l.text.includes(t)),
        ),
      ),
      100,
    );
    return { ...base, line: first.n, confidence, weak: confidence < WEAK_CONFIDENCE, command };
  });
}
