/** busybox env / printenv: the container's environment (image defaults, Service links, pod spec env). */
import type { Command } from '../types.ts';

export const env: Command = (argv, ctx) => {
  if (argv.length > 1 && !argv[1].startsWith('-')) {
    return {
      stdout: '',
      stderr: `env: can't execute '${argv[1]}': No such file or directory\n`,
      exitCode: 127,
    };
  }
  const lines = Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`);
  return { stdout: lines.join(''), stderr: '', exitCode: 0 };
};

export const printenv: Command = (argv, ctx) => {
  const names = argv.slice(1);
  if (names.length === 0) return env(['env'], ctx);
  let stdout = '';
  let missing = false;
  for (const n of names) {
    if (n in ctx.env) stdout += `${ctx.env[n]}\n`;
    else missing = true;
  }
  return { stdout, stderr: '', exitCode: missing ? 1 : 0 };
};
