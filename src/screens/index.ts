import type { ScreenshotRead } from '../ocr/types.ts';
import { screenCommands } from './commands.ts';
import { screenLines } from './lines.ts';
import { nodeLabelViews } from './node-labels.ts';
import { appPages, deletions, pings, startOutputs } from './outputs.ts';
import { podTables, poolTables } from './tables.ts';
import { emptyScreens, type ScreenEvidence, type ScreenNote } from './types.ts';

export { commandOf } from './commands.ts';
export { WEAK_CONFIDENCE } from './lines.ts';
export { fixCommandHead, fixIp, fixNodeName } from './noise.ts';
export * from './types.ts';

/** `image:images/pods.png` → `images/pods.png`. */
export const imageName = (source: string) => source.replace(/^image:/, '');

/**
 * What the screenshots show, from their OCR text: pure, and never throws on any text. Images that
 * were not read contribute only their entry in `images`.
 */
export function readScreens(reads: readonly ScreenshotRead[]): ScreenEvidence {
  const ev: ScreenEvidence = emptyScreens();
  reads.forEach((read, order) => {
    const image = imageName(read.source);
    ev.images.push({ source: read.source, image, read: read.read, confidence: read.confidence });
    if (!read.read) return;
    const lines = screenLines(read);
    const base = { source: read.source, image, order };
    const notes: ScreenNote[] = [];
    const commands = screenCommands(lines, base);
    for (const c of commands)
      if (c.weak)
        notes.push({
          image,
          line: c.line,
          message: `weak read of \`${c.command.source.text}\` (confidence ${c.confidence})`,
        });
    ev.commands.push(...commands);
    ev.podTables.push(...podTables(lines, base, notes));
    ev.poolTables.push(...poolTables(lines, base, notes));
    ev.pings.push(...pings(lines, base, notes));
    ev.deletions.push(...deletions(lines, base));
    ev.appPages.push(...appPages(lines, base, notes));
    ev.starts.push(...startOutputs(lines, base));
    ev.nodeLabels.push(...nodeLabelViews(lines, base, notes));
    ev.notes.push(...notes);
  });
  return ev;
}
