/**
 * Child process for cleanup.test.ts: registers a cleanup that appends to a marker file, says
 * "ready", then idles until a signal arrives. argv: MARKER_FILE ok|hang
 */
import { appendFile } from 'node:fs/promises';
import { registerCleanup } from './cleanup.ts';

const [marker, mode] = process.argv.slice(2) as [string, string];
registerCleanup(
  async () => {
    await appendFile(marker, 'cleaned\n');
    if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
  },
  { deadlineMs: 300 },
);
setInterval(() => {}, 1000);
process.stdout.write('ready\n');
