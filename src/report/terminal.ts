/*
 * The one place that decides how the CLI may decorate a stream: colour (every command's console
 * output) and an animated spinner (live progress). Node built-ins only: the CLI asks before loading
 * any writer.
 */

export interface StreamLike {
  isTTY?: boolean;
}

/**
 * Colour on `stream`:
 * - `NO_COLOR` set and not empty turns it off, whatever else (https://no-color.org);
 * - `FORCE_COLOR` turns it on (`0` or `false`: off), also when the stream is a pipe or a file;
 * - otherwise only on a terminal that is not `TERM=dumb`. `CI` alone turns nothing on: CI logs are
 *   files, and escape codes in a saved report would be noise.
 */
export function useColor(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(?:0|false)$/i.test(force);
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * A redrawn progress line (spinner) on `stream`: only on a terminal, not in CI (`CI` set: a CI log
 * keeps every frame) and not on `TERM=dumb`, which cannot redraw a line. Plain lines otherwise.
 */
export function isInteractive(stream: StreamLike, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
}
