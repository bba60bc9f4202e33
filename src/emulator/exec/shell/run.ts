/**
 * Evaluates parsed sh scripts against the emulated commands. Supports what lab one-liners need:
 * variables, $(…), pipes, && || ;, for/if/while (loops capped), redirections to /dev/null, to
 * session files and between stdout/stderr. Unknown commands: `sh: X: not found`, status 127.
 */
import { normalizePath, readFile } from '../fs.ts';
import type { Command, CommandResult, ExecContext } from '../types.ts';
import { ShellSyntaxError, tokenize, type Word } from './lexer.ts';
import { type Node, parse, type Redirect } from './parser.ts';

const MAX_LOOP_ITERATIONS = 1000;

class ExitSignal {
  constructor(readonly code: number) {}
}

export interface ShellOptions {
  /** $0, $1, … */
  args: string[];
  lookup: (name: string) => Command | undefined;
  /** Name used in error messages (`sh`). */
  shellName?: string;
}

interface Out {
  stdout: string;
  stderr: string;
}

class Shell {
  status = 0;
  readonly vars: Record<string, string>;

  constructor(
    readonly ctx: ExecContext,
    readonly opts: ShellOptions,
  ) {
    this.vars = ctx.env;
  }

  get name(): string {
    return this.opts.shellName ?? 'sh';
  }

  variable(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return '1';
    if (name === '#') return String(Math.max(0, this.opts.args.length - 1));
    if (/^[0-9]+$/.test(name)) return this.opts.args[Number(name)];
    return this.vars[name];
  }

  async expand(word: Word, out: Out): Promise<string[]> {
    const fields: string[] = [];
    let cur = '';
    let has = false;
    const pushSplit = (value: string) => {
      const pieces = value.split(/[ \t\n]+/);
      pieces.forEach((piece, idx) => {
        if (idx > 0) {
          if (has) fields.push(cur);
          cur = '';
          has = false;
        }
        if (piece !== '') {
          cur += piece;
          has = true;
        }
      });
    };
    for (const part of word.parts) {
      let value: string;
      if (part.kind === 'lit') {
        cur += part.text;
        has = has || part.quoted || part.text !== '';
        continue;
      }
      if (part.kind === 'var') {
        const v = this.variable(part.name);
        value = v === undefined || (v === '' && part.fallback !== undefined) ? (part.fallback ?? '') : v;
      } else {
        const sub = await this.capture(part.script, out);
        value = sub.replace(/\n+$/, '');
      }
      if (part.quoted) {
        cur += value;
        has = true;
      } else pushSplit(value);
    }
    if (has) fields.push(cur);
    return fields;
  }

  async expandAll(words: Word[], out: Out): Promise<string[]> {
    const argv: string[] = [];
    for (const w of words) argv.push(...(await this.expand(w, out)));
    return argv;
  }

  async capture(script: string, out: Out): Promise<string> {
    const child = new Shell({ ...this.ctx, env: { ...this.vars } }, this.opts);
    const res = await child.runSource(script, '');
    out.stderr += res.stderr;
    this.status = res.exitCode;
    return res.stdout;
  }

  async runSource(script: string, stdin: string): Promise<CommandResult> {
    let tree: Node;
    try {
      tree = parse(tokenize(script));
    } catch (e) {
      if (e instanceof ShellSyntaxError)
        return { stdout: '', stderr: `${this.name}: ${e.message}\n`, exitCode: 2 };
      throw e;
    }
    const out: Out = { stdout: '', stderr: '' };
    try {
      await this.exec(tree, stdin, out);
    } catch (e) {
      if (e instanceof ExitSignal) return { ...out, exitCode: e.code };
      throw e;
    }
    return { ...out, exitCode: this.status };
  }

  async exec(node: Node, stdin: string, out: Out): Promise<void> {
    switch (node.type) {
      case 'list':
        for (const item of node.items) await this.exec(item, stdin, out);
        return;
      case 'andor':
        await this.exec(node.first, stdin, out);
        for (const { op, node: next } of node.rest) {
          if ((op === '&&' && this.status === 0) || (op === '||' && this.status !== 0))
            await this.exec(next, stdin, out);
        }
        return;
      case 'pipeline': {
        let input = stdin;
        for (let i = 0; i < node.commands.length; i++) {
          const stage: Out = { stdout: '', stderr: '' };
          await this.exec(node.commands[i], input, stage);
          out.stderr += stage.stderr;
          if (i === node.commands.length - 1) out.stdout += stage.stdout;
          input = stage.stdout;
        }
        if (node.negate) this.status = this.status === 0 ? 1 : 0;
        return;
      }
      case 'subshell': {
        const inner: Out = { stdout: '', stderr: '' };
        await this.exec(node.body, stdin, inner);
        await this.route(inner, node.redirects, out);
        return;
      }
      case 'for': {
        const items = node.items ? await this.expandAll(node.items, out) : this.opts.args.slice(1);
        this.status = 0;
        for (const item of items) {
          this.vars[node.name] = item;
          await this.exec(node.body, stdin, out);
        }
        return;
      }
      case 'while': {
        let body = 0;
        for (let n = 0; n < MAX_LOOP_ITERATIONS; n++) {
          await this.exec(node.cond, stdin, out);
          if ((this.status === 0) === node.until) break;
          await this.exec(node.body, stdin, out);
          body = this.status;
        }
        this.status = body;
        return;
      }
      case 'if': {
        for (const branch of node.branches) {
          await this.exec(branch.cond, stdin, out);
          if (this.status === 0) {
            await this.exec(branch.body, stdin, out);
            return;
          }
        }
        if (node.otherwise) await this.exec(node.otherwise, stdin, out);
        else this.status = 0;
        return;
      }
      case 'simple':
        await this.simple(node, stdin, out);
        return;
    }
  }

  async route(res: Out, redirects: Redirect[], out: Out): Promise<void> {
    // Where fd 1 and fd 2 end up, applied left to right like the shell does.
    type Sink =
      | { kind: 'out' }
      | { kind: 'err' }
      | { kind: 'null' }
      | { kind: 'file'; path: string; append: boolean };
    let fd1: Sink = { kind: 'out' };
    let fd2: Sink = { kind: 'err' };
    for (const r of redirects) {
      if (r.op === '<') continue;
      if (r.op === 'dup') {
        if (r.fd === 2 && r.dupTo === 1) fd2 = fd1;
        else if (r.fd === 1 && r.dupTo === 2) fd1 = fd2;
        continue;
      }
      const [target] = r.target ? await this.expand(r.target, out) : [''];
      const sink: Sink =
        target === '/dev/null'
          ? { kind: 'null' }
          : { kind: 'file', path: normalizePath(target, this.ctx.cwd), append: r.op === '>>' };
      if (sink.kind === 'file' && !sink.append) this.ctx.scratch.set(sink.path, '');
      if (r.fd === 1 || r.fd === 'both') fd1 = sink;
      if (r.fd === 2 || r.fd === 'both') fd2 = sink;
    }
    const write = (sink: Sink, text: string) => {
      if (text === '') return;
      if (sink.kind === 'out') out.stdout += text;
      else if (sink.kind === 'err') out.stderr += text;
      else if (sink.kind === 'file')
        this.ctx.scratch.set(sink.path, (this.ctx.scratch.get(sink.path) ?? '') + text);
    };
    write(fd1, res.stdout);
    write(fd2, res.stderr);
  }

  async simple(node: Extract<Node, { type: 'simple' }>, stdin: string, out: Out): Promise<void> {
    const argv = await this.expandAll(node.words, out);
    const assigned: Record<string, string> = {};
    for (const a of node.assigns) assigned[a.name] = (await this.expand(a.value, out)).join(' ');
    let input = stdin;
    for (const r of node.redirects) {
      if (r.op !== '<' || !r.target) continue;
      const [path] = await this.expand(r.target, out);
      const content = readFile(this.ctx, path ?? '');
      if (content === undefined) {
        out.stderr += `${this.name}: can't open '${path}': No such file or directory\n`;
        this.status = 1;
        return;
      }
      input = content;
    }
    if (argv.length === 0) {
      Object.assign(this.vars, assigned);
      const res: Out = { stdout: '', stderr: '' };
      await this.route(res, node.redirects, out);
      this.status = 0;
      return;
    }
    const res = await this.invoke(argv, assigned, input);
    await this.route(res, node.redirects, out);
    this.status = res.exitCode;
  }

  async invoke(argv: string[], assigned: Record<string, string>, stdin: string): Promise<CommandResult> {
    const [name, ...args] = argv;
    switch (name) {
      case 'exit':
        throw new ExitSignal(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'cd': {
        const target = normalizePath(args[0] ?? this.vars.HOME ?? '/', this.ctx.cwd);
        this.ctx.cwd = target;
        this.vars.PWD = target;
        return { stdout: '', stderr: '', exitCode: 0 };
      }
      case 'export':
        for (const a of args) {
          const eq = a.indexOf('=');
          if (eq > 0) this.vars[a.slice(0, eq)] = a.slice(eq + 1);
        }
        Object.assign(this.vars, assigned);
        return { stdout: '', stderr: '', exitCode: 0 };
      case 'unset':
        for (const a of args) delete this.vars[a];
        return { stdout: '', stderr: '', exitCode: 0 };
      case ':':
      case 'set':
        return { stdout: '', stderr: '', exitCode: 0 };
      case 'read': {
        const line = stdin.split('\n')[0] ?? '';
        const names = args.filter((a) => !a.startsWith('-'));
        const words = line.trim().split(/[ \t]+/);
        names.forEach((n, i) => {
          this.vars[n] = i === names.length - 1 ? words.slice(i).join(' ') : (words[i] ?? '');
        });
        return { stdout: '', stderr: '', exitCode: stdin === '' ? 1 : 0 };
      }
    }
    const program = this.opts.lookup(name);
    if (!program) return { stdout: '', stderr: `${this.name}: ${name}: not found\n`, exitCode: 127 };
    const env = { ...this.vars, ...assigned };
    return program(argv, { ...this.ctx, env, stdin });
  }
}

/** Runs `script` (the text of `sh -c`, or a script read from stdin). */
export function runShell(script: string, ctx: ExecContext, opts: ShellOptions): Promise<CommandResult> {
  return new Shell(ctx, opts).runSource(script, ctx.stdin);
}
