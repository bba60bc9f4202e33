import { APP_LABELS } from '../probes/parse/app.ts';
import { type ScreenLine, WEAK_CONFIDENCE } from './lines.ts';
import { fixIp, fixPodName } from './noise.ts';
import type {
  AppPage,
  DeletedOutput,
  MinikubeStartOutput,
  PingTranscript,
  ScreenNote,
  ScreenSource,
} from './types.ts';

type Base = Omit<ScreenSource, 'line' | 'confidence' | 'weak'>;

const CALICO_DELETED = /Successfully\s+deleted\s+(\d+)\s+['‘’"]?IPPool/i;
const KUBECTL_DELETED = /^\s*ippool[\w.]*\s+["“”']([a-z0-9.-]+)["“”']\s+deleted\b/i;

/** `Successfully deleted 1 'IPPool' resource(s)` (calicoctl) and `ippool.crd.projectcalico.org "x" deleted`. */
export function deletions(lines: readonly ScreenLine[], base: Base): DeletedOutput[] {
  const out: DeletedOutput[] = [];
  for (const l of lines) {
    const c = CALICO_DELETED.exec(l.text);
    const k = KUBECTL_DELETED.exec(l.text);
    if (!c && !k) continue;
    const weak = l.confidence < WEAK_CONFIDENCE;
    out.push({
      ...base,
      line: l.n,
      confidence: l.confidence,
      weak,
      kind: 'ippool',
      ...(k ? { name: k[1] as string } : {}),
      ...(c ? { count: Number(c[1]) } : {}),
    });
  }
  return out;
}

const PING_HEAD = /^.*?\bPING\s+(\S+)\s+\(([^)]+)\)/;
const REPLY = /\d+\s+bytes\s+from\s+([^\s:]+):?.*?\bt[t1lI][l1I]=(\d+)/i;
const STATS = /(\d+)\s+packets?\s+transmitted,\s*(\d+)\s+(?:packets?\s+)?received,.*?(\d+)%\s+packet\s+loss/i;

/** busybox/iputils ping transcripts: target, the address it resolved to, replies, ttl, loss. */
export function pings(lines: readonly ScreenLine[], base: Base, notes: ScreenNote[]): PingTranscript[] {
  const out: PingTranscript[] = [];
  let cur: PingTranscript | undefined;
  for (const l of lines) {
    const head = PING_HEAD.exec(l.text);
    if (head) {
      const ip = fixIp(head[2] as string);
      const target = head[1] as string;
      const targetIp = fixIp(target);
      cur = {
        ...base,
        line: l.n,
        confidence: l.confidence,
        weak: l.confidence < WEAK_CONFIDENCE,
        target: targetIp?.ok ? targetIp.value : target,
        replies: 0,
      };
      if (ip?.ok) cur.ip = ip.value;
      else
        notes.push({
          image: base.image,
          line: l.n,
          message: `ping address \`${head[2]}\` is not well-formed`,
        });
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    const reply = REPLY.exec(l.text);
    if (reply && fixIp(reply[1] as string)?.ok) {
      cur.replies++;
      cur.ttl ??= Number(reply[2]);
      continue;
    }
    const stats = STATS.exec(l.text);
    if (stats) cur.lossPercent = Number(stats[3]);
  }
  return out;
}

/** One of the app's labels (APP_LABELS) followed by its value, as OCR reads it: any spacing, any case. */
const labelPattern = (label: string, value: string) =>
  new RegExp(`${label.trim().split(/\s+/).map(escapeRegExp).join('\\s+')}\\s*(${value})`, 'i');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NAME_LABEL = labelPattern(APP_LABELS.containerName, '\\S*');
const IP_LABEL = labelPattern(APP_LABELS.containerIp, '\\S+');

/** The app's page (src/probes/parse/app.ts has its labels): the serving pod's name and IP. */
export function appPages(lines: readonly ScreenLine[], base: Base, notes: ScreenNote[]): AppPage[] {
  const out: AppPage[] = [];
  let page: AppPage | undefined;
  lines.forEach((l, i) => {
    const name = NAME_LABEL.exec(l.text);
    if (name) {
      let value = name[1] as string;
      // A long name wraps in a narrow window: `frontend-` / `6cc756f6b5-glrbl`.
      if (value.endsWith('-') && lines[i + 1]) value += lines[i + 1]?.text.trim().split(/\s+/)[0] ?? '';
      page = { ...base, line: l.n, confidence: l.confidence, weak: l.confidence < WEAK_CONFIDENCE };
      const pod = fixPodName(value);
      if (pod.ok) page.pod = pod.value;
      else
        notes.push({
          image: base.image,
          line: l.n,
          message: `pod name \`${value}\` on the app's page is not well-formed`,
        });
      out.push(page);
      return;
    }
    const ip = IP_LABEL.exec(l.text);
    if (!ip) return;
    if (!page) {
      page = { ...base, line: l.n, confidence: l.confidence, weak: l.confidence < WEAK_CONFIDENCE };
      out.push(page);
    }
    const fixed = fixIp(ip[1] as string);
    if (fixed?.ok) page.ip = fixed.value;
    else
      notes.push({
        image: base.image,
        line: l.n,
        message: `IP \`${ip[1]}\` on the app's page is not well-formed`,
      });
    page.confidence = Math.min(page.confidence, l.confidence);
    page.weak = page.confidence < WEAK_CONFIDENCE;
    page = undefined;
  });
  return out;
}

const STARTING_NODE = /Starting\s+(?:"?worker"?\s+node|.*?node)\s+["“”]?([a-z0-9-]+)["“”]?/i;

/** `minikube start`'s output: the nodes it starts, and whether it configures Calico. */
export function startOutputs(lines: readonly ScreenLine[], base: Base): MinikubeStartOutput[] {
  const nodes: string[] = [];
  let calico = false;
  let first: ScreenLine | undefined;
  for (const l of lines) {
    const s = STARTING_NODE.exec(l.text);
    if (s && !nodes.includes(s[1] as string)) nodes.push(s[1] as string);
    if (/Configuring\s+Calico/i.test(l.text)) calico = true;
    if ((s || /Configuring\s+Calico/i.test(l.text)) && !first) first = l;
  }
  if (!first) return [];
  return [
    {
      ...base,
      line: first.n,
      confidence: first.confidence,
      weak: first.confidence < WEAK_CONFIDENCE,
      nodes,
      calico,
    },
  ];
}
