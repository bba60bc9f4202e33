/**
 * Runs the command given to `minikube ssh -- …` against an emulated node's files. minikube
 * joins the arguments with spaces and the node's bash runs the line, so quoting is re-parsed
 * here. Only read-only inspection commands exist; anything else is bash's "command not found".
 */
import path from 'node:path/posix';

export interface ShellResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Splits a command line like bash does for simple words: quotes and backslashes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

class NodeFs {
  constructor(private readonly files: Record<string, string>) {}

  isFile(p: string): boolean {
    return Object.hasOwn(this.files, p);
  }

  isDir(p: string): boolean {
    const prefix = p === '/' ? '/' : `${p}/`;
    return Object.keys(this.files).some((f) => f.startsWith(prefix));
  }

  read(p: string): string {
    return this.files[p];
  }

  entries(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const f of Object.keys(this.files)) {
      if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }
}

const HOME = '/home/docker';

function cat(fs: NodeFs, args: string[]): ShellResult {
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  for (const arg of args.filter((a) => !a.startsWith('-'))) {
    const p = path.resolve(HOME, arg);
    if (fs.isFile(p)) stdout += fs.read(p);
    else if (fs.isDir(p)) {
      stderr += `cat: ${arg}: Is a directory\n`;
      exitCode = 1;
    } else {
      stderr += `cat: ${arg}: No such file or directory\n`;
      exitCode = 1;
    }
  }
  return { stdout, stderr, exitCode };
}

/** GNU ls without a terminal: one name per line; several operands get `dir:` headers. */
function ls(fs: NodeFs, args: string[]): ShellResult {
  const operands = args.filter((a) => !a.startsWith('-'));
  const targets = operands.length > 0 ? operands : ['.'];
  let stdout = '';
  let stderr = '';
  let exitCode = 0;
  const files: string[] = [];
  const dirs: string[] = [];
  for (const arg of targets) {
    const p = path.resolve(HOME, arg);
    if (fs.isFile(p)) files.push(arg);
    else if (fs.isDir(p) || p === HOME) dirs.push(arg);
    else {
      stderr += `ls: cannot access '${arg}': No such file or directory\n`;
      exitCode = 2;
    }
  }
  for (const f of files.sort()) stdout += `${f}\n`;
  dirs.sort().forEach((d, i) => {
    const names = fs.entries(path.resolve(HOME, d));
    if (targets.length > 1) stdout += `${i > 0 || files.length > 0 ? '\n' : ''}${d}:\n`;
    for (const n of names) stdout += `${n}\n`;
  });
  return { stdout, stderr, exitCode };
}

/** Runs one command line on a node whose files are `files`. */
export function runNodeCommand(line: string, files: Record<string, string>, nodeName: string): ShellResult {
  const fs = new NodeFs(files);
  let words = splitWords(line);
  // `sudo` and its harmless options are transparent: the emulated files are world-readable.
  while (words[0] === 'sudo') {
    words = words.slice(1);
    while (words[0]?.startsWith('-')) words = words.slice(1);
  }
  if (words.length === 0) return { stdout: '', stderr: '', exitCode: 0 };
  const [cmd, ...args] = words;
  switch (cmd) {
    case 'cat':
      return cat(fs, args);
    case 'ls':
      return ls(fs, args);
    case 'hostname':
      return { stdout: `${nodeName}\n`, stderr: '', exitCode: 0 };
    case 'echo':
      return { stdout: `${args.join(' ')}\n`, stderr: '', exitCode: 0 };
    case 'true':
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    default:
      return { stdout: '', stderr: `bash: line 1: ${cmd}: command not found\n`, exitCode: 127 };
  }
}
