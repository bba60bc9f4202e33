/**
 * `lab-grader --help` and `--version` load no writer, grader, cluster client, vitest or emulator: the
 * subcommands are imported when they run. Checked on what esbuild bundles into the CLI's entry chunk
 * and the chunks it imports statically (dynamic imports are the lazy part).
 */
import { describe, expect, it } from 'vitest';
import { cliMetafile, packageOf } from '../testing/cli-graph.ts';

/** Sources and packages reached by static imports from the CLI entry, or from the chunk holding `source`. */
async function eagerGraph(source?: string): Promise<{ sources: string[]; packages: string[] }> {
  const metafile = await cliMetafile();
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((o) =>
    source ? outputs[o]?.inputs[source] : outputs[o]?.entryPoint === 'src/cli/main.ts',
  ) as string;
  const seen = new Set<string>();
  const sources = new Set<string>();
  const packages = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const out = outputs[name];
    if (!out) return;
    for (const input of Object.keys(out.inputs)) sources.add(input);
    for (const imp of out.imports) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) packages.add(packageOf(imp.path));
      else visit(imp.path);
    }
  };
  visit(entry);
  return { sources: [...sources], packages: [...packages] };
}

describe('the CLI entry', () => {
  it('loads the subcommands lazily: no writer, grader, emulator or heavy package up front', async () => {
    const { sources, packages } = await eagerGraph();
    expect(sources).toContain('src/cli/main.ts'); // the graph is really walked
    expect(sources).toContain('src/cli/help.ts');
    const heavy = sources.filter((s) =>
      /^src\/(report\/(console|junit|markdown|json|classroom|gradescope|format|write|publish)\.ts|grade\/|checks\/|emulator\/|live\/|batch\/|submission\/)/.test(
        s,
      ),
    );
    expect(heavy).toEqual([]);
    expect(
      packages.filter((p) =>
        [
          '@kubernetes/client-node',
          'vitest',
          'junit-report-builder',
          'zod',
          'yaml',
          'execa',
          'picocolors',
        ].includes(p),
      ),
    ).toEqual([]);
  });
});

describe('check', () => {
  // The bundled rubric is lab4.json as it is, and zod (rubric files, Gradescope, reading results back)
  // and yaml (manifests the fast parser leaves to it) are required on first use: `check` of a
  // submission starts without either (issue 8: cold start ≤ 3× node -e 0).
  it('loads neither zod nor yaml, nor a cluster client or the OCR engine, up front', async () => {
    const { sources, packages } = await eagerGraph('src/cli/check.ts');
    expect(sources).toContain('src/grade/static.ts'); // the graph is really walked
    expect(
      packages.filter((p) =>
        ['zod', 'yaml', '@kubernetes/client-node', 'execa', 'tesseract.js', 'sharp'].includes(p),
      ),
    ).toEqual([]);
  });
});
