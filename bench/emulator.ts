import { existsSync } from 'node:fs';
import { benchApi } from '../src/emulator/index.ts';
import { runAcceptanceScenario } from '../src/testing/acceptance-scenario.ts';
import { medianOf } from './median.ts';

/** API request latency of the emulated apiserver, and the wall time of the by-hand lab scenario. */
export async function benchEmulator(): Promise<string[]> {
  const lines: string[] = [];
  const api = await benchApi(2000);
  const fmt = (x: { p50: number; p95: number }) => `p50 ${x.p50.toFixed(2)} ms, p95 ${x.p95.toFixed(2)} ms`;
  lines.push(
    `emulator API (${api.iterations} requests each): get ${fmt(api.get)}; list ${fmt(api.list)}; patch ${fmt(api.patch)}`,
  );
  if (!existsSync('/usr/bin/kubectl') && !process.env.PATH?.includes('kubectl')) {
    lines.push('emulator scenario: skipped (no kubectl on this machine)');
    return lines;
  }
  const walls: number[] = [];
  for (let i = 0; i < 3; i++)
    walls.push((await runAcceptanceScenario({ timeFactor: 0 })).timingsMs.total ?? Number.NaN);
  lines.push(
    `emulator scenario (start, label, pools via calicoctl, deploy, ping, 20 connections; time factor 0): median ${(medianOf(walls) / 1000).toFixed(2)} s (runs: ${walls.map((w) => (w / 1000).toFixed(2)).join(', ')} s)`,
  );
  return lines;
}
