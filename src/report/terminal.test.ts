import { describe, expect, it } from 'vitest';
import { isInteractive, useColor } from './terminal.ts';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('useColor', () => {
  it('colours a terminal and not a pipe by default', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });

  it('lets NO_COLOR win over everything, an empty NO_COLOR counting as unset', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('lets FORCE_COLOR colour a pipe, and FORCE_COLOR=0 or false turn a terminal off', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('does not colour TERM=dumb, and CI alone changes nothing', () => {
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(useColor(pipe, { CI: 'true', GITHUB_ACTIONS: 'true' })).toBe(false);
    expect(useColor(tty, { CI: 'true' })).toBe(true);
  });
});

describe('isInteractive', () => {
  it('redraws a line only on a terminal outside CI', () => {
    expect(isInteractive(tty, {})).toBe(true);
    expect(isInteractive(tty, { CI: 'true' })).toBe(false);
    expect(isInteractive(tty, { TERM: 'dumb' })).toBe(false);
    expect(isInteractive(pipe, {})).toBe(false);
  });
});
