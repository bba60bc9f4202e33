/**
 * Go text/tabwriter as calicoctl's `get` uses it: NewWriter(out, minwidth 5, tabwidth 1, padding 3,
 * ' ', 0). Every cell is tab-terminated, so each column is padded to its widest cell + 3 (at least 5)
 * and lines keep their trailing spaces (docs/reference-facts.md, calico-manifests §4).
 */

function width(s: string): number {
  return [...s].length;
}

/** Formats tab-terminated cells; text after a line's last tab is copied unpadded. */
export function tabwrite(text: string, minwidth = 5, padding = 3): string {
  const lines = text.split('\n');
  const rows = lines.map((l) => {
    const cells = l.split('\t');
    return { cells: cells.slice(0, -1), tail: cells[cells.length - 1] };
  });
  const out: string[] = [];
  // Column blocks: consecutive lines that have a cell in column k share its width (Go semantics).
  const widthsFor = (row: number, col: number): number => {
    let start = row;
    while (start > 0 && rows[start - 1].cells.length > col) start--;
    let end = row;
    while (end + 1 < rows.length && rows[end + 1].cells.length > col) end++;
    let w = minwidth;
    for (let r = start; r <= end; r++) w = Math.max(w, width(rows[r].cells[col]) + padding);
    return w;
  };
  rows.forEach((row, r) => {
    let line = '';
    row.cells.forEach((cell, c) => {
      line += cell + ' '.repeat(widthsFor(r, c) - width(cell));
    });
    out.push(line + row.tail);
  });
  return out.join('\n');
}
