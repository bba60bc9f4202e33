import type { ScreenshotRead } from '../ocr/types.ts';

/**
 * An OCR result as src/ocr gives it, for the screenshot parsers' tests: the text's lines of words,
 * each word `confidence` (0–100) unless `low` gives that word its own.
 */
export function ocrRead(
  path: string,
  text: string,
  confidence = 90,
  low: Record<string, number> = {},
): ScreenshotRead {
  const lines = text.split('\n').map((l) => {
    const words = l
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => ({ text: w, confidence: low[w] ?? confidence }));
    return { text: l, confidence: Math.min(confidence, ...words.map((w) => w.confidence)), words };
  });
  return { source: `image:${path}`, path, read: true, text, confidence, lines, notes: [] };
}
