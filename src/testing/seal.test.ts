/**
 * The emulator is sealed (docs/architecture.md, "The dependency rule"): outside src/emulator/ nothing
 * imports any of its files but src/emulator/index.ts, and the emulator imports nothing of the grader
 * (only src/calico, src/k8s and src/minikube). biome.json's `noRestrictedImports` overrides enforce it
 * on every `npm run lint`; the first tests prove the rule really fails on a violation, the last one
 * checks the whole import graph with resolved paths (which also catches a grader folder the lint's
 * list does not name yet).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliMetafile } from './cli-graph.ts';

const ROOT = path.join(import.meta.dirname, '../..');

/** Writes `text` to `file` (relative to the repository), lints it with the project's biome.json, removes it. */
async function lintProbe(file: string, text: string): Promise<{ exitCode: number; output: string }> {
  const abs = path.join(ROOT, file);
  await writeFile(abs, text);
  try {
    const r = await execa('npx', ['biome', 'lint', '--colors=off', file], {
      cwd: ROOT,
      reject: false,
      timeout: 60_000,
    });
    return { exitCode: r.exitCode ?? -1, output: `${r.stdout}\n${r.stderr}` };
  } finally {
    await rm(abs, { force: true });
  }
}

const tag = `${process.pid}`;

describe('the lint rule sealing the emulator', () => {
  it('fails on a file outside the emulator importing one of its internals', async () => {
    const r = await lintProbe(
      `src/__seal_probe_${tag}__.ts`,
      "export { parseFaults } from './emulator/config.ts';\n",
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain('noRestrictedImports');
    expect(r.output).toContain('src/emulator/index.ts');
  }, 60_000);

  it("passes the same file importing the emulator's face", async () => {
    const r = await lintProbe(
      `src/__seal_probe_face_${tag}__.ts`,
      "export { parseFaults } from './emulator/index.ts';\n",
    );
    expect(r.output).not.toContain('noRestrictedImports');
    expect(r.exitCode).toBe(0);
  }, 60_000);

  it('fails on a file inside the emulator importing the grader', async () => {
    const r = await lintProbe(
      `src/emulator/__seal_probe_${tag}__.ts`,
      "export { liveConfigFromEnv } from '../live/config.ts';\n",
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain('noRestrictedImports');
    expect(r.output).toContain('The emulator imports nothing from the grader');
  }, 60_000);
});

/** Every TypeScript file of the tree that the lint covers (vitest configs and fixtures aside). */
function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts)$/.test(e.name) && !e.name.startsWith('__seal_probe'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** `[importer, imported]` for every relative import, both relative to the repository. */
function imports(files: string[]): [string, string][] {
  return files.flatMap((file) =>
    [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(SPECIFIER)].map((m): [string, string] => [
      file,
      path.normalize(path.join(path.dirname(file), m[1] as string)),
    ]),
  );
}

describe('the import graph', () => {
  const edges = imports(['src', 'scenarios', 'bench', 'scripts'].flatMap(sourceFiles));
  const inEmulator = (f: string) => f.startsWith('src/emulator/');

  it('is really read', () => {
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges).toContainEqual(['src/testing/sim-cluster.ts', 'src/emulator/index.ts']);
  });

  it('enters the emulator only through its index.ts', () => {
    const violations = edges.filter(
      ([from, to]) => !inEmulator(from) && inEmulator(to) && to !== 'src/emulator/index.ts',
    );
    expect(violations).toEqual([]);
  });

  it('leaves the emulator only for src/calico, src/k8s and src/minikube', () => {
    const allowed = /^src\/(emulator|calico|k8s|minikube)\//;
    const violations = edges.filter(([from, to]) => inEmulator(from) && !allowed.test(to));
    expect(violations).toEqual([]);
  });

  it('keeps the shared modules neutral: src/calico, src/k8s and src/minikube import only each other', () => {
    const shared = /^src\/(calico|k8s|minikube)\//;
    const violations = edges.filter(([from, to]) => shared.test(from) && !shared.test(to));
    expect(violations).toEqual([]);
  });
});

describe('the grader at run time', () => {
  it('bundles none of the emulator: a live grade reaches it only through the stand-in `minikube`', async () => {
    const metafile = await cliMetafile();
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('src/live/session.ts'); // the graph is really walked
    expect(inputs).toContain('src/minikube/stand-in.ts');
    expect(inputs.filter((f) => f.startsWith('src/emulator/'))).toEqual([]);
  }, 60_000);
});
