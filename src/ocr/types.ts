/** What the OCR engine (src/ocr/) gives the grader: one entry per image it looked at. */

export interface OcrWord {
  text: string;
  /** Tesseract's confidence, 0–100. */
  confidence: number;
}

export interface OcrLine {
  text: string;
  /** Tesseract's confidence for the line, 0–100. */
  confidence: number;
  words: OcrWord[];
}

/** One note about an image: why it was not read, or what to keep in mind when using its text. */
export interface ImageNote {
  severity: 'warning' | 'info';
  message: string;
}

/** One image of the submission and what OCR read in it (empty text when it was not read). */
export interface ScreenshotRead {
  /** `image:` + the path relative to the lab folder (`image:images/ping.png`), or + the URL. */
  source: string;
  /** The image file, relative to the lab folder and `/`-separated, or the URL of a remote image. */
  path: string;
  /** The report line that links the image (1-based), when the report links it. */
  line?: number;
  /** Whether OCR ran on it (false: skipped, unreadable or refused — see `notes`). */
  read: boolean;
  text: string;
  /** Mean confidence of the page, 0–100 (0 when not read). */
  confidence: number;
  lines: OcrLine[];
  /** Served from the cache rather than recognised now. */
  cached?: boolean;
  notes: ImageNote[];
}

export interface OcrOptions {
  /** Tesseract workers at once (`--jobs`); default min(2, CPUs). */
  jobs?: number;
  /** Where results are cached; default: the user's cache folder (see cache.ts). `false`: no cache. */
  cacheDir?: string | false;
  /** Download images linked from GitHub's upload service (`--fetch-images`); default false. */
  fetchImages?: boolean;
  /** `--no-ocr`: list no image, load no OCR library. */
  noOcr?: boolean;
  /** The report's path relative to the lab folder (its links are relative to its folder). */
  reportPath?: string;
}
