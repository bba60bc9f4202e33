import type { OcrWord, ScreenshotRead } from '../ocr/types.ts';

/** One OCR line with its confidence and words (from the engine's lines, else the text's lines). */
export interface ScreenLine {
  text: string;
  /** 1-based. */
  n: number;
  confidence: number;
  words: OcrWord[];
}

/** Below this OCR confidence (0–100) a token is a weak read: a note, never evidence. */
export const WEAK_CONFIDENCE = 30;

export function screenLines(read: Pick<ScreenshotRead, 'text' | 'lines' | 'confidence'>): ScreenLine[] {
  if (read.lines.length > 0)
    return read.lines.map((l, i) => ({
      text: l.text.replace(/\r?\n$/, ''),
      n: i + 1,
      confidence: l.confidence,
      words: l.words,
    }));
  return read.text
    .split(/\r?\n/)
    .map((text, i) => ({ text, n: i + 1, confidence: read.confidence, words: [] }));
}

/**
 * The confidence of the OCR word that holds `token` (as read, before any noise fix); the line's when
 * no word holds it (a token split over words).
 */
export function tokenConfidence(line: ScreenLine, token: string): number {
  const word =
    line.words.find((w) => w.text === token) ??
    line.words.find((w) => w.text.includes(token)) ??
    line.words.find((w) => token.includes(w.text) && w.text.length > 3);
  return word ? word.confidence : line.confidence;
}

/** The lowest confidence of several tokens of one line. */
export function tokensConfidence(line: ScreenLine, tokens: readonly string[]): number {
  return tokens.reduce((m, t) => Math.min(m, tokenConfidence(line, t)), 100);
}
