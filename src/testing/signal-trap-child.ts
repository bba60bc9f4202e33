/**
 * Child process for cleanup.test.ts: traps the signals, says "ready", then idles. On a signal it
 * appends `interrupted SIG…` to the marker file and then, by mode, finishes its way out after a
 * moment (`ok`, exit code 3 set by the "grade") or never (`hang`). argv: MARKER_FILE ok|hang [DEADLINE_MS]
 */
import { appendFileSync } from 'node:fs';
import { trapSignals } from '../cluster/cleanup.ts';

const [marker, mode, deadline = '300'] = process.argv.slice(2) as [string, string, string?];
const idle = setInterval(() => {}, 1000);
const trap = trapSignals(
  (signal) => {
    appendFileSync(marker, `interrupted ${signal}\n`);
    if (mode === 'hang') return;
    setTimeout(() => {
      appendFileSync(marker, 'cleaned\n');
      trap.dispose();
      clearInterval(idle);
      process.exitCode = 3;
    }, 100);
  },
  { deadlineMs: Number(deadline) },
);
process.stdout.write('ready\n');
