/**
 * olekukonko/tablewriter v0.0.5 defaults as `calicoctl ipam show` uses them (docs/reference-facts.md, calico-manifests §5):
 * borders, headers upper-cased and centred (left gap = floor(gap/2)), numeric cells right-aligned,
 * everything else left-aligned, one space of padding on each side of a cell.
 */

const DECIMAL = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?$/;

function width(s: string): number {
  return [...s].length;
}

function center(s: string, w: number): string {
  const gap = w - width(s);
  if (gap <= 0) return s;
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

export function renderTable(headers: string[], rows: string[][]): string {
  const titles = headers.map((h) => h.replaceAll('_', ' ').trim().toUpperCase());
  const widths = titles.map((t, i) => Math.max(width(t), ...rows.map((r) => width(r[i] ?? ''))));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  let out = rule;
  out += `|${titles.map((t, i) => ` ${center(t, widths[i])} `).join('|')}|\n`;
  out += rule;
  for (const row of rows) {
    out += `|${widths
      .map((w, i) => {
        const cell = row[i] ?? '';
        const pad = ' '.repeat(Math.max(0, w - width(cell)));
        return ` ${DECIMAL.test(cell.trim()) ? pad + cell : cell + pad} `;
      })
      .join('|')}|\n`;
  }
  out += rule;
  return out;
}

/** Go's fmt `%.5g`: 5 significant digits, exponent form when the exponent is < -4 or >= 5. */
export function formatG5(value: number): string {
  if (value === 0) return '0';
  const rounded = Number(value.toPrecision(5));
  const realExp = Math.floor(Math.log10(Math.abs(rounded)));
  if (realExp < -4 || realExp >= 5) {
    const [mant, e] = rounded.toExponential(4).split('e');
    const mantissa = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const n = Number(e);
    return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const fixed = rounded.toFixed(Math.max(0, 4 - realExp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Go's `%.f`: rounds half to even, like strconv. */
export function formatF0(value: number): string {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (Math.abs(diff - 0.5) < 1e-12) return String(floor % 2 === 0 ? floor : floor + 1);
  return String(Math.round(value));
}
