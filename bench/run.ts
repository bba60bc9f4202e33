/**
 * `npm run bench`: the project's performance figures. Each benchmark prints one line; none of
 * them is a test (performance is never asserted by timed tests).
 */
import { benchCli } from './cli.ts';
import { benchEmulator } from './emulator.ts';
import { benchHarness } from './harness.ts';
import { benchOcr } from './ocr.ts';
import { benchPack } from './pack.ts';
import { benchStatic } from './static.ts';

const only = process.argv[2];
const fmt = (n: number) => n.toFixed(0);

if (!only || only === 'static') {
  const r = await benchStatic({ runs: 5, seconds: 2 });
  console.log(
    `static grading: median ${fmt(r.median)} submissions/s over ${r.submissions} fixtures (runs: ${r.perSecond.map(fmt).join(', ')})`,
  );
}

if (!only || only === 'emulator') {
  for (const line of await benchEmulator()) console.log(line);
}

if (!only || only === 'harness') {
  for (const line of await benchHarness()) console.log(line);
}

if (!only || only === 'cli') {
  for (const line of await benchCli()) console.log(line);
}

if (!only || only === 'ocr') {
  for (const line of await benchOcr({ dump: process.env.OCR_DUMP })) console.log(line);
}

// Installs the packed tarball's dependencies from the registry: only on request.
if (only === 'pack') {
  for (const line of await benchPack()) console.log(line);
}
