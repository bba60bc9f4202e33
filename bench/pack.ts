import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { $ } from 'zx';
import { medianOf } from './median.ts';

const ROOT = join(import.meta.dirname, '..');
const REFERENCE = join(ROOT, 'fixtures/submissions/reference');

/**
 * The package as a user gets it: `npm pack`, the tarball installed in an empty folder (its
 * dependencies from the registry), then `npx lab-grader check` on the reference must give the same
 * result as the clone, timings apart. Also the cold start of the installed copy against `node -e 0`.
 */
export async function benchPack(): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'lab-grader-pack-'));
  try {
    // zx for the project's own scripts (the library's process layer is execa): quoted arguments.
    const sh = $({ quiet: true });
    await sh({ cwd: ROOT })`npm pack --pack-destination ${work} --silent`;
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    const app = join(work, 'app');
    await sh`mkdir ${app}`;
    await writeFile(join(app, 'package.json'), '{"name":"pack-check","private":true}\n');
    await sh({ cwd: app })`npm install ${join(work, tarball)} --no-audit --no-fund --silent`;
    const args = ['check', REFERENCE, '--format', 'json'];
    const installed = await sh({ cwd: app, nothrow: true })`npx --no-install lab-grader ${args}`;
    const clone = await sh({ cwd: app, nothrow: true })`node ${join(ROOT, 'bin/lab-grader.js')} ${args}`;
    const same = comparable(installed.stdout) === comparable(clone.stdout);
    const bin = join(app, 'node_modules/.bin/lab-grader');
    const node = await medianWall(['node', '-e', '0'], app);
    const check = await medianWall([bin, ...args], app);
    const help = await medianWall([bin, '--help'], app);
    const files = (await sh`tar -tzf ${join(work, tarball)}`).stdout.trim().split('\n').length;
    return [
      `npm pack: ${tarball}, ${files} files; installed in an empty folder, \`npx lab-grader check\` on the reference exits ${installed.exitCode} (clone: ${clone.exitCode}) and its result is ${same ? 'the same as' : 'DIFFERENT from'} the clone's, timings apart`,
      `installed cold start: check ${(check / 1000).toFixed(2)} s = ${(check / node).toFixed(1)}× node -e 0 (${(node / 1000).toFixed(2)} s), --help ${(help / node).toFixed(1)}×`,
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function comparable(json: string): string {
  const r = JSON.parse(json) as Record<string, unknown>;
  delete r.startedAt;
  delete r.durationMs;
  return JSON.stringify(r);
}

/** Median wall time in ms of a few runs of a command. */
export async function medianWall(cmd: string[], cwd: string, runs = 7): Promise<number> {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await $({ quiet: true, nothrow: true, cwd })`${cmd}`;
    walls.push(performance.now() - t);
  }
  return medianOf(walls);
}
