/** Types of compiled.mjs, for the tests that import it. */
export interface Project {
  root?: string;
  entries?: Record<string, string>;
  cacheDir?: string;
}
export const ENTRIES: Record<string, string>;
export function importEntry(name: string, project?: Project): Promise<Record<string, unknown>>;
