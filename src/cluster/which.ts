/** Finds an executable on a PATH (the given env's, not necessarily this process's). */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Windows tries each PATHEXT extension; elsewhere the bare name. */
function candidates(name: string, env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== 'win32') return [name];
  const exts = (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean);
  return [name, ...exts.map((e) => name + e.toLowerCase())];
}

/**
 * Absolute path of `name` on `env.PATH`, or undefined. A name with a path separator is checked
 * as given (relative to cwd).
 */
export function which(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes('/') || name.includes(path.sep)) {
    const file = path.resolve(name);
    return isExecutableFile(file) ? file : undefined;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    for (const c of candidates(name, env)) {
      const file = path.resolve(dir, c);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}
