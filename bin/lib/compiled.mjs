/**
 * Runs the compiled grader. `npm run build` (also run by `prepare`, so by `npm ci` and `npm pack`)
 * bundles the entries below with esbuild into dist/; packages stay external. An installed package
 * (no src/) always runs dist/. In a clone, dist/ is used only while every file it was built from keeps
 * its mtime and size; after an edit the entry is rebuilt into node_modules/.cache/kube-lab-grader/
 * (about half a second), so an edited source never runs stale. No TypeScript loader runs at run time.
 *
 * Why bundles: in Node 20 loader hooks run off-thread and every module crosses them — loading
 * @kubernetes/client-node under tsx takes 3.7 s and 200 MB, against 1.4 s and 115 MB plain — and
 * the grader and each `minikube` stand-in call pay that on every start.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundle name → its source. The daemon runs itself when it is the main module (its
 * `process.argv[1]` check), which holds because no other entry imports daemon.ts.
 */
export const ENTRIES = {
  'lab-grader': 'src/cli/main.ts',
  minikube: 'src/emulator/minikube/main.ts',
  daemon: 'src/emulator/daemon.ts',
};

/** Packages left to node_modules at run time: loaded lazily, large, or with native/optional parts. */
const EXTERNAL = [
  '@kubernetes/client-node',
  'execa',
  'ws',
  'junit-report-builder',
  // The OCR engine (src/ocr/deps.ts): sharp is native; tesseract.js starts its worker script and
  // finds its wasm core from its own folder; the traineddata package is located by require.resolve.
  'sharp',
  'tesseract.js',
  '@tesseract.js-data/eng',
];

/** Files that change a build without being in it. */
const BUILD_INPUTS = ['tsconfig.json', relative(ROOT, fileURLToPath(import.meta.url))];
const LOCK_STALE_MS = 60_000;
/** Sources modified this close to a build's start (or later) may have changed under it. */
const EDIT_MARGIN_MS = 2000;
const KEEP_OLD_BUILDS_MS = 600_000;

/**
 * @typedef {{ root?: string, entries?: Record<string, string>, cacheDir?: string }} Project
 * @param {string} name an ENTRIES key
 * @param {Project} [project] for tests: another tree
 */
export async function importEntry(name, project = {}) {
  const p = resolveProject(project);
  const dir = releaseBuild(p) ?? currentBuild(p) ?? (await buildOrAwait(p));
  if (!dir)
    throw new Error(
      `kube-lab-grader is not built and cannot build itself here: run \`npm run build\` in ${p.root}`,
    );
  // Source maps are not enabled here: Node then reads every chunk's map at load (about 100 ms on each
  // start). To see an internal error's stack in src/, run with `node --enable-source-maps`.
  return import(pathToFileURL(join(dir, `${name}.mjs`)).href);
}

/**
 * A fresh cache build, or — when another process holds the build lock (several graders started at
 * once after an edit) — the build that process finishes, polled for up to a minute.
 * @param {ReturnType<typeof resolveProject>} p
 */
async function buildOrAwait(p) {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    const built = await build(p).catch(() => undefined);
    if (built) return built;
    if (!existsSync(join(p.cacheDir, 'build.lock')) || Date.now() > deadline) return currentBuild(p);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const done = currentBuild(p);
    if (done) return done;
  }
}

/**
 * dist/ when it can serve: always in an installed package (its sources are not shipped), and in a
 * clone while none of the files it was built from changed.
 * @param {ReturnType<typeof resolveProject>} p
 */
function releaseBuild(p) {
  const dist = join(p.root, 'dist');
  if (!existsSync(join(dist, 'manifest.json'))) return undefined;
  if (!existsSync(join(p.root, 'src'))) return dist;
  return currentBuild({ ...p, cacheDir: dist });
}

/**
 * `npm run build`: the release bundle in dist/, replaced whole (built beside it, then renamed).
 * @param {Project} [project]
 */
export async function buildRelease(project = {}) {
  const p = resolveProject(project);
  const dist = join(p.root, 'dist');
  const staging = `${dist}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await bundle(p, staging, '.', { strict: true });
  rmSync(dist, { recursive: true, force: true });
  renameSync(staging, dist);
  return dist;
}

/** @param {Project} project */
function resolveProject(project) {
  const root = project.root ?? ROOT;
  return {
    root,
    entries: project.entries ?? ENTRIES,
    // One cache per tree: copies of it (test sandboxes) may share its node_modules through a link.
    cacheDir:
      project.cacheDir ??
      join(
        root,
        'node_modules',
        '.cache',
        'kube-lab-grader',
        createHash('sha1').update(root).digest('hex').slice(0, 8),
      ),
  };
}

/**
 * The directory of the last build when none of its inputs changed since, else undefined.
 * @param {ReturnType<typeof resolveProject>} p
 */
export function currentBuild(p) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(p.cacheDir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (JSON.stringify(manifest.entries) !== JSON.stringify(p.entries)) return undefined;
  for (const [file, stamp] of Object.entries(manifest.inputs))
    if (stampOf(p.root, file) !== stamp) return undefined;
  return join(p.cacheDir, manifest.dir);
}

/** @param {string} root @param {string} file */
function stampOf(root, file) {
  try {
    const s = statSync(join(root, file));
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

/**
 * Bundles every entry into a fresh directory and points the manifest at it; undefined when another
 * process holds the build lock (it will be done soon; this run goes through tsx meanwhile).
 * @param {ReturnType<typeof resolveProject>} p
 */
export async function build(p) {
  mkdirSync(p.cacheDir, { recursive: true });
  const lock = join(p.cacheDir, 'build.lock');
  if (!takeLock(lock)) return undefined;
  try {
    const dir = `build-${Date.now()}-${process.pid}`;
    await bundle(p, join(p.cacheDir, dir), dir, { strict: false });
    pruneOldBuilds(p.cacheDir, dir);
    return join(p.cacheDir, dir);
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Bundles every entry into `outdir` and writes its manifest (the stamps of every input) there.
 * `manifestDir` is what the manifest calls the bundle's folder, relative to where it is kept.
 * @param {ReturnType<typeof resolveProject>} p @param {string} outdir @param {string} manifestDir
 * @param {{ strict: boolean }} opts strict: fail when esbuild reports an error or warning
 */
async function bundle(p, outdir, manifestDir, opts) {
  const esbuild = loadEsbuild(p.root);
  try {
    const started = Date.now();
    const result = await esbuild.build({
      absWorkingDir: p.root,
      entryPoints: p.entries,
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Small pure-JS packages on the start-up path of every command are bundled (resolving and
      // reading their many files costs more than running them); the big or native ones stay external.
      external: EXTERNAL,
      // Bundled CJS packages (commander) require node built-ins: give each ESM chunk a require.
      banner: {
        js: "import { createRequire as __labRequire } from 'node:module'; const require = __labRequire(import.meta.url);",
      },
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      sourcemap: 'linked',
      metafile: true,
      logLevel: opts.strict ? 'warning' : 'silent',
    });
    const inputs = {};
    for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS])
      inputs[file] = stampOf(p.root, file);
    // A source edited while esbuild read it may be in the bundle in either version: such a cache
    // build serves this run only, and the next start builds again. A release build is always kept
    // (an installed package has nothing else to run; in a clone a later edit still shows as stale).
    const racy = Object.values(inputs).some(
      (stamp) => Number(stamp.split(':')[0]) > started - EDIT_MARGIN_MS,
    );
    if (opts.strict || !racy) {
      const keep = manifestDir === '.' ? outdir : dirname(outdir);
      const manifest = join(keep, 'manifest.json');
      writeFileSync(
        `${manifest}.${process.pid}`,
        JSON.stringify({ dir: manifestDir, entries: p.entries, inputs }),
      );
      renameSync(`${manifest}.${process.pid}`, manifest);
    }
  } finally {
    // The esbuild service is a child process: stop it so that it does not keep this one alive.
    await esbuild.stop?.();
  }
}

/** esbuild, a development dependency (or tsx's own copy): an installed package never needs it. */
function loadEsbuild(root) {
  const fromRoot = createRequire(join(root, 'package.json'));
  try {
    return fromRoot('esbuild');
  } catch {
    return createRequire(fromRoot.resolve('tsx/package.json'))('esbuild');
  }
}

/** @param {string} lock */
function takeLock(lock) {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age < LOCK_STALE_MS) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/**
 * Old builds stay ten minutes: a process that started on one may still be loading its chunks (each
 * entry imports its own at start; only packages, which are not in the build, load later).
 * @param {string} cacheDir @param {string} keep
 */
function pruneOldBuilds(cacheDir, keep) {
  for (const entry of readdirSync(cacheDir)) {
    const m = /^build-(\d+)-\d+$/.exec(entry);
    if (m && entry !== keep && Date.now() - Number(m[1]) > KEEP_OLD_BUILDS_MS)
      rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === 'build'
) {
  const started = Date.now();
  const dist = await buildRelease();
  process.stdout.write(`built ${relative(ROOT, dist) || dist}/ in ${Date.now() - started} ms\n`);
}
