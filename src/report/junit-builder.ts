import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';

let loaded: Builder | undefined;

/**
 * A fresh junit-report-builder (its default export is a process-wide singleton, so never share it).
 * The package is required on first use, not imported: it loads lodash and xmlbuilder (about 200 ms),
 * which `check` printing to the console never needs. It is CJS (`module.exports = builder`) while its
 * .d.ts says `export default`, so the module object may be the builder itself (libs.md, junit section).
 */
export function newJUnitBuilder(): Builder {
  if (!loaded) {
    const mod = createRequire(import.meta.url)('junit-report-builder') as Builder & { default?: Builder };
    loaded = mod.default ?? mod;
  }
  return loaded.newBuilder();
}
