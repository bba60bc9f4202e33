/**
 * Re-makes the terminal screenshots of fixtures/screenshots/ (`npx tsx scripts/make-screenshots.ts`):
 * known text rendered by sharp (librsvg, system fonts) in a dark and a light theme, two fonts and two
 * scales. src/ocr/ocr.test.ts reads them back and expects exactly these lines; the text lives in
 * fixtures/screenshots/screens.json so that the test and this script share it.
 *
 * The PNGs are committed: rendering depends on the fonts installed (DejaVu here), and the test must
 * not. Re-make them only on a machine with DejaVu Sans and DejaVu Sans Mono (`fc-list | grep DejaVu`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';

export interface Screen {
  file: string;
  theme: 'dark' | 'light';
  font: string;
  /** Pixels per CSS pixel: 1 is a 100% display, 2 a HiDPI one. */
  scale: number;
  lines: string[];
}

const DIR = path.join(import.meta.dirname, '../fixtures/screenshots');
const THEMES = {
  dark: { background: '#0c0c0c', foreground: '#cccccc' },
  light: { background: '#ffffff', foreground: '#1e1e1e' },
};
const FONT_PX = 14;
const LINE_PX = 19;
const PAD = 10;

export function svgOf(screen: Screen): string {
  const { background, foreground } = THEMES[screen.theme];
  const longest = Math.max(...screen.lines.map((l) => l.length));
  // Monospace advance ≈ 0.6 em; a proportional font is narrower, so this is wide enough for both.
  const width = Math.ceil(PAD * 2 + longest * FONT_PX * 0.62);
  const height = PAD * 2 + screen.lines.length * LINE_PX;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = screen.lines
    .map(
      (l, i) => `<text x="${PAD}" y="${PAD + (i + 1) * LINE_PX - 5}" xml:space="preserve">${esc(l)}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width * screen.scale}" height="${height * screen.scale}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="${background}"/>
<g font-family="${screen.font}" font-size="${FONT_PX}" fill="${foreground}">
${text}
</g>
</svg>`;
}

export function loadScreens(): Screen[] {
  return JSON.parse(readFileSync(path.join(DIR, 'screens.json'), 'utf8')) as Screen[];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const screen of loadScreens()) {
    const png = await sharp(Buffer.from(svgOf(screen)))
      .png({ palette: true, colours: 16, compressionLevel: 9 })
      .toBuffer();
    writeFileSync(path.join(DIR, screen.file), png);
    console.log(`${screen.file}: ${png.length} bytes`);
  }
}
