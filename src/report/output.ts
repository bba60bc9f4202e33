import { neutralizeCommands } from './safe-text.ts';

export interface TextSink {
  write(text: string): unknown;
}

/**
 * The one way the CLI prints reports and messages (stdout and stderr). Writers already neutralize
 * workflow commands in their own format; this repeats it in plain text on the final bytes, so a new
 * writer or message that forgets cannot let a student's text run as a command on the CI runner. It
 * escapes no control characters: the console's own colour codes pass through. Adds a final newline.
 */
export function writeOut(sink: TextSink, text: string): void {
  const safe = neutralizeCommands(text);
  sink.write(safe.endsWith('\n') ? safe : `${safe}\n`);
}

/**
 * Workflow commands the grader itself emits (annotations built with their properties and data
 * escaped as the runner expects). They bypass writeOut's guard, which would neutralize them. Each
 * must be one line starting with `::` (else this throws: a bug in the builder); a `##[` in it is
 * neutralized, since the runner would act on it anywhere in the line.
 */
export function writeWorkflowCommands(sink: TextSink, commands: readonly string[]): void {
  const lines = commands.map((command) => {
    if (!/^::[\w-]+(?: [^\r\n]*)?::[^\r\n]*$/.test(command))
      throw new Error(`not a single workflow command: ${JSON.stringify(command)}`);
    return `::${neutralizeCommands(command.slice(2))}`;
  });
  if (lines.length > 0) sink.write(`${lines.join('\n')}\n`);
}
