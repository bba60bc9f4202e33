/**
 * OCR-noise fixes for tokens whose context says what they must be (an IPv4 address, a minikube node
 * name, a command's head or flag). A fix never invents evidence: the result must be well-formed (an
 * IP has 4 octets 0–255), otherwise the token is `ambiguous` and the caller records a note.
 */

export type Fixed = { ok: true; value: string; fixed: boolean } | { ok: false; ambiguous: string };

/** Characters OCR reads for 0 and 1 in digit context (`192.168.O.65`, `1O.244.l.2`, `m@2`, `©`). */
const ZERO = /[OoQ@©°]/g;
const ONE = /[lI|!]/g;
const EDGE_PUNCT = /^[\s([{'"‘’“”]+|[\s)\]}:;,.'"‘’“”]+$/g;

/**
 * An IPv4 address (optionally `/prefix`) read from an OCR token. `undefined`: not IP-shaped at all;
 * `ambiguous`: IP-shaped but not well-formed after the fixes (an octet > 255, a leading zero as in
 * `192.168.060.129`, a lost dot).
 */
export function fixIp(token: string): Fixed | undefined {
  const raw = token.replace(EDGE_PUNCT, '');
  if (!/^[\dOoQ@©°lI|!]{1,4}(?:\.[\dOoQ@©°lI|!]{1,4}){3}(?:\/[\dOolI]{1,3})?$/.test(raw)) return undefined;
  if (!/\d/.test(raw)) return undefined;
  const value = raw.replace(ZERO, '0').replace(ONE, '1');
  const [addr, prefix] = value.split('/') as [string, string | undefined];
  const octets = addr.split('.');
  const good =
    octets.length === 4 &&
    octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255 && (o === '0' || !o.startsWith('0'))) &&
    (prefix === undefined || (/^\d{1,2}$/.test(prefix) && Number(prefix) <= 32));
  return good ? { ok: true, value, fixed: value !== raw } : { ok: false, ambiguous: raw };
}

/**
 * A minikube node name: `<profile>` or `<profile>-mNN`. OCR reads the `0` of `-m02` as `@`, `o`, `©`,
 * `6` or `8`; the first digit of NN is 0 for the 2–9 nodes a lab has, so only that place is fixed.
 */
export function fixNodeName(token: string): Fixed {
  const raw = token.replace(EDGE_PUNCT, '').replace(/[—–]+-?|-[—–]+/g, '-');
  const m = /^([a-z0-9][a-z0-9-]*?)-m([0-9OoQ@©68])([0-9])$/.exec(raw);
  if (m) {
    const value = `${m[1]}-m0${m[3]}`;
    if (m[3] === '0' || m[3] === '1') return { ok: false, ambiguous: raw };
    return { ok: true, value, fixed: value !== raw };
  }
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(raw) && !/-m[^0-9]/.test(`${raw}-`))
    return { ok: true, value: raw, fixed: raw !== token };
  return { ok: false, ambiguous: raw };
}

/** A pod name as Kubernetes allows it (DNS-1123 subdomain, as kubectl prints it). */
export const POD_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function fixPodName(token: string): Fixed {
  const raw = token.replace(EDGE_PUNCT, '');
  return POD_NAME.test(raw) && raw.length <= 253
    ? { ok: true, value: raw, fixed: false }
    : { ok: false, ambiguous: raw };
}

/**
 * Dashes as OCR reads them: `—f` → `-f`, `—-allow…`/`——allow…` → `--allow…`, `-—` between words → `--`.
 */
export function fixDashes(text: string): string {
  return text
    .replace(/(^|\s)[-—–]*[—–][-—–]*(?=[A-Za-z])/g, (_all, pre: string) => {
      const run = _all.slice(pre.length);
      return `${pre}${run.length >= 2 ? '--' : '-'}`;
    })
    .replace(/(^|\s)[-—–]*[—–][-—–]*(?=\s|$)/g, (_all, pre: string) => `${pre}--`);
}

/** Programs a screenshot's command may start with, and the OCR misreads of them (at the line's start only). */
const HEADS: readonly [RegExp, string][] = [
  [/^[Kk]ubect[l1I|]\b/, 'kubectl'],
  [/^[Kk]ubect[\]}]/, 'kubectl'],
  [/^(?:m[i1l]n[l1]?[i1l]kube|n[i1l]n[i1l]kube|m[i1l]n[i1l]kub[ec])\b/, 'minikube'],
  [/^ca[l1I]icoct[l1I]\b/, 'calicoctl'],
];

/** `kubect1 get …` → `kubectl get …`: only the first word of a command line is fixed. */
export function fixCommandHead(line: string): string {
  for (const [re, head] of HEADS) if (re.test(line)) return line.replace(re, head);
  return line;
}

/** minikube start's flags OCR garbles (`--cnl` for `--cni`): fixed only to a known flag. */
const START_FLAGS = [
  'cni',
  'nodes',
  'network-plugin',
  'container-runtime',
  'driver',
  'kubernetes-version',
  'profile',
];

export function fixStartFlags(line: string): string {
  if (!/^minikube\s+start\b/.test(line)) return line;
  return line.replace(/(\s--)([a-z1lI-]+)/g, (all, dash: string, name: string) => {
    if (START_FLAGS.includes(name)) return all;
    const candidates = START_FLAGS.filter(
      (f) =>
        f.length === name.length &&
        [...f].every((c, i) => c === name[i] || (/[il]/.test(c) && /[il1I]/.test(name[i] as string))),
    );
    return candidates.length === 1 ? `${dash}${candidates[0]}` : all;
  });
}
