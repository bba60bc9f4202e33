import { cidrContains, parseCidr } from '../../calico/cidr.ts';
import type { LabFacts } from '../../lab/facts.ts';
import { type ScreenSource, WEAK_CONFIDENCE } from '../../screens/index.ts';

/**
 * Screenshot evidence as the static checks use it (src/screens read it from OCR text). Every message
 * names the image; a weak read is only ever a note.
 */
export const shownIn = (s: Pick<ScreenSource, 'image'>) => `shown in screenshot ${s.image}`;

/** The distinct images of some screenshot facts, in order. */
const distinctImages = (items: readonly Pick<ScreenSource, 'image'>[]) => [
  ...new Set(items.map((i) => i.image)),
];

/** `images/a.png, images/b.png`: distinct images, in order. */
export const imagesOf = (items: readonly Pick<ScreenSource, 'image'>[]) => distinctImages(items).join(', ');

/** Evidence fields every screenshot-based outcome carries (the corpus tells them from text-based ones). */
export const fromScreens = (items: readonly Pick<ScreenSource, 'image'>[]) => ({
  fromScreens: true,
  images: distinctImages(items),
});

/**
 * `; screenshots read too weakly to count: images/a.png (OCR confidence 27)` for a "not shown"
 * message, or ''. A whole image below WEAK_CONFIDENCE yields no evidence at all: the student learns
 * that it was looked at, and why it did not count.
 */
export function weakScreensNote(f: LabFacts): string {
  const weak = f.screens.images.filter((i) => i.read && i.confidence < WEAK_CONFIDENCE);
  if (weak.length === 0) return '';
  const list = weak.map((i) => `${i.image} (OCR confidence ${Math.round(i.confidence)})`).join(', ');
  return `; screenshots read too weakly to count: ${list}`;
}

export interface ScreenIp {
  ip: string;
  pod?: string;
  node?: string;
  image: string;
  line: number;
  source: 'pods-table' | 'app-page' | 'ping';
}

/**
 * The app pods' IPs a screenshot shows: the last `kubectl get pods -o wide` table with app pods (as an
 * expert reads the final state), else the app's pages in a browser, else ping transcripts. Rows in the
 * node network are host-network pods (calicoctl), not pool addresses. Weak rows are left out (notes).
 */
export function screenPodIps(f: LabFacts): { ips: ScreenIp[]; weak: number } {
  const nodeNet = f.rubric.expect.apply.nodeNetwork;
  const isApp = (ip: string) => !(parseCidr(nodeNet) && cidrContains(nodeNet, ip));
  let weak = 0;
  const tables = [...f.screens.podTables]
    .map((t) => ({
      t,
      rows: t.rows.filter(
        (r) => (r.namespace === undefined || r.namespace === 'default') && r.ip && isApp(r.ip),
      ),
    }))
    .filter((x) => x.rows.length > 0);
  const last = tables.at(-1);
  if (last) {
    const strong = last.rows.filter((r) => !r.weak);
    weak += last.rows.length - strong.length;
    if (strong.length)
      return {
        ips: strong.map((r) => ({
          ip: r.ip as string,
          ...(r.pod ? { pod: r.pod } : {}),
          ...(r.node ? { node: r.node } : {}),
          image: r.image,
          line: r.line,
          source: 'pods-table' as const,
        })),
        weak,
      };
  }
  const pages = f.screens.appPages.filter((p) => p.ip && isApp(p.ip));
  const strongPages = pages.filter((p) => !p.weak);
  weak += pages.length - strongPages.length;
  if (strongPages.length)
    return {
      ips: strongPages.map((p) => ({
        ip: p.ip as string,
        ...(p.pod ? { pod: p.pod } : {}),
        image: p.image,
        line: p.line,
        source: 'app-page' as const,
      })),
      weak,
    };
  const pings = f.screens.pings.filter((p) => p.ip && p.replies > 0);
  const strongPings = pings.filter((p) => !p.weak);
  weak += pings.length - strongPings.length;
  return {
    ips: strongPings.map((p) => ({
      ip: p.ip as string,
      image: p.image,
      line: p.line,
      source: 'ping' as const,
    })),
    weak,
  };
}
