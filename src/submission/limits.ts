/**
 * The reader's limits. A submission is hostile input: each limit bounds the time or memory one file
 * can cost, and every file a limit leaves out is named in a finding with the limit it hit.
 */

/** Larger files are listed but not read. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** At most this many files are read from the lab folder (Markdown, YAML and JSON first). */
export const MAX_FILES = 500;
/** Folder entries listed at most (bounds the time a tree of stray files costs). */
export const MAX_LISTED_FILES = 20_000;
/**
 * Manifests nested deeper than this are rejected before they are parsed: the YAML library's composer
 * recurses per level (20 000 levels overflow the stack) and is slow on such input. Real manifests stay
 * under 20 levels; CRD schemas (calico.yaml) under 40.
 */
export const MAX_NESTING_DEPTH = 100;

/** `512 bytes`, `12 KiB`, `1.3 MiB` (rounded down, so a file just over a limit never reads as the limit). */
export function formatBytes(n: number): string {
  const MiB = 1024 * 1024;
  if (n >= MiB) return `${trim(Math.floor((n / MiB) * 10) / 10)} MiB`;
  if (n >= 1024) return `${Math.floor(n / 1024)} KiB`;
  return `${n} bytes`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** `report.md is 1.3 MiB, over the 1 MiB limit; not read` */
export function tooLargeMessage(file: string, size: number, limit: number): string {
  const shown = formatBytes(size) === formatBytes(limit) ? `${size} bytes` : formatBytes(size);
  return `${file} is ${shown}, over the ${formatBytes(limit)} limit; not read`;
}
