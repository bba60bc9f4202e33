/** One-liner applets and the node binary of node:14-alpine. */
import type { Command } from '../types.ts';

export const trueCmd: Command = () => ({ stdout: '', stderr: '', exitCode: 0 });
export const falseCmd: Command = () => ({ stdout: '', stderr: '', exitCode: 1 });
export const pwd: Command = (_argv, ctx) => ({ stdout: `${ctx.cwd}\n`, stderr: '', exitCode: 0 });
export const whoami: Command = () => ({ stdout: 'root\n', stderr: '', exitCode: 0 });
export const id: Command = () => ({
  stdout:
    'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n',
  stderr: '',
  exitCode: 0,
});

export const uname: Command = (argv, ctx) => {
  const host: string = ctx.pod.spec?.hostname ?? ctx.pod.metadata.name;
  const all = argv.includes('-a');
  if (all)
    return {
      stdout: `Linux ${host} 5.15.0-119-generic #129-Ubuntu SMP Fri Aug 2 19:25:20 UTC 2024 x86_64 Linux\n`,
      stderr: '',
      exitCode: 0,
    };
  if (argv.includes('-n')) return { stdout: `${host}\n`, stderr: '', exitCode: 0 };
  if (argv.includes('-r')) return { stdout: '5.15.0-119-generic\n', stderr: '', exitCode: 0 };
  return { stdout: 'Linux\n', stderr: '', exitCode: 0 };
};

export const date: Command = (_argv, ctx) => {
  const d = new Date(ctx.network.now());
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
  return { stdout: `${text}\n`, stderr: '', exitCode: 0 };
};

/** node 14: only version queries are emulated; scripts are never run. */
export const node: Command = (argv) => {
  if (argv[1] === '-v' || argv[1] === '--version') return { stdout: 'v14.21.3\n', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: 'node: the emulated container does not run scripts\n', exitCode: 1 };
};

export const npm: Command = (argv) => {
  if (argv[1] === '-v' || argv[1] === '--version') return { stdout: '6.14.18\n', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: 'npm: the emulated container does not run npm commands\n', exitCode: 1 };
};
