import { describe, expect, it } from 'vitest';
import { writeOut, writeWorkflowCommands } from './output.ts';

function sink(): { write: (s: string) => void; text: () => string } {
  let text = '';
  return {
    write: (s) => {
      text += s;
    },
    text: () => text,
  };
}

describe('writeOut', () => {
  it('neutralizes any line a writer let through and ends with a newline', () => {
    const out = sink();
    writeOut(out, 'report\n   ::add-mask::x\n##[group]y');
    expect(out.text()).toBe('report\n   \\x3a:add-mask::x\n##\\x5bgroup]y\n');
  });

  it('keeps the console colours and a final newline as they are', () => {
    const out = sink();
    writeOut(out, '\u001b[32mok\u001b[39m\n');
    expect(out.text()).toBe('\u001b[32mok\u001b[39m\n');
  });
});

describe('writeWorkflowCommands', () => {
  it('writes escaped commands the grader built, one per line', () => {
    const out = sink();
    writeWorkflowCommands(out, [
      '::error file=a.yaml,line=3,title=pools.defined::no pool%0Anext',
      '::notice::x',
    ]);
    expect(out.text()).toBe('::error file=a.yaml,line=3,title=pools.defined::no pool%0Anext\n::notice::x\n');
  });

  it('refuses anything that is not one command, and neutralizes `##[` inside one', () => {
    const out = sink();
    expect(() => writeWorkflowCommands(out, ['::error::a\n::add-mask::b'])).toThrow(/not a single/);
    expect(() => writeWorkflowCommands(out, ['::error::a\r::add-mask::b'])).toThrow(/not a single/);
    expect(() => writeWorkflowCommands(out, ['plain text'])).toThrow(/not a single/);
    expect(out.text()).toBe('');
    writeWorkflowCommands(out, ['::error title=x::a ##[group]b']);
    expect(out.text()).toBe('::error title=x::a ##\\x5bgroup]b\n');
  });
});
