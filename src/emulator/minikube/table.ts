/**
 * The bordered tables minikube prints with olekukonko/tablewriter v0.0.5 (`profile list`,
 * `service`): `|`-joined `-` rules, centred headers, numbers right-aligned, other cells
 * left-aligned, multi-line cells spread over several rows.
 */

const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?$/;

export interface TableOptions {
  /** tablewriter's AutoFormatHeaders: upper-case the headers, `_` -> space. Default true. */
  autoFormatHeaders?: boolean;
}

function width(s: string): number {
  return [...s].length;
}

function center(s: string, w: number): string {
  const gap = w - width(s);
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + s + ' '.repeat(gap - left);
}

export function renderTable(headers: string[], rows: string[][], opts: TableOptions = {}): string {
  const heads =
    opts.autoFormatHeaders === false ? headers : headers.map((h) => h.toUpperCase().replaceAll('_', ' '));
  const cellLines = rows.map((r) => r.map((c) => c.split('\n')));
  const widths = heads.map((h, i) =>
    Math.max(width(h), ...cellLines.map((r) => Math.max(0, ...(r[i] ?? ['']).map(width)))),
  );
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`;
  let out = rule;
  out += `|${heads.map((h, i) => ` ${center(h, widths[i])} `).join('|')}|\n`;
  out += rule;
  for (const row of cellLines) {
    const height = Math.max(1, ...row.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      const cells = widths.map((w, i) => {
        const text = row[i]?.[line] ?? '';
        return ` ${NUMBER.test(text) ? text.padStart(w) : text.padEnd(w)} `;
      });
      out += `|${cells.join('|')}|\n`;
    }
  }
  out += rule;
  return out;
}
