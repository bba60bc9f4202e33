/** busybox sleep: waits the scaled time only (ExecContext.sleep caps it). */
import type { Command } from '../types.ts';

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export const sleep: Command = async (argv, ctx) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    return {
      stdout: '',
      stderr:
        'BusyBox v1.35.0 (2022-11-19 10:13:10 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n',
      exitCode: 1,
    };
  }
  let total = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return { stdout: '', stderr: `sleep: invalid number '${a}'\n`, exitCode: 1 };
    total += Number(m[1]) * UNITS[m[2]];
  }
  await ctx.sleep(total);
  return { stdout: '', stderr: '', exitCode: 0 };
};
