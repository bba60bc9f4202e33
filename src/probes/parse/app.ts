/**
 * Reads what itdt-contained-frontend serves (docs/reference-facts.md, container-tools-output §6): the CRA index.html names
 * the hashed JS bundle, and the bundle holds App.js's texts with the REACT_APP_* values baked in as
 * string literals (terser folds `"value" || "(₌ ᵕ̣̣̣̣̣ ᆽ ᵕ̣̣̣̣̣₌)"` to `"value"`, and writes non-ASCII
 * as \uXXXX because CRA sets `ascii_only`).
 */

/** App.js's fallback for an unset variable. */
export const APP_PLACEHOLDER = '(₌ ᵕ̣̣̣̣̣ ᆽ ᵕ̣̣̣̣̣₌)';

export const APP_FIELDS = ['username', 'company', 'containerName', 'containerIp'] as const;
export type AppField = (typeof APP_FIELDS)[number];

/** The texts App.js renders before each value, in page order. */
export const APP_LABELS: Readonly<Record<AppField, string>> = {
  username: 'Container was started by user: ',
  company: 'Container was started by company: ',
  containerName: 'Container name is: ',
  containerIp: 'Container was started with IP: ',
};

export type AppBundleValues = Partial<Record<AppField, string>> & {
  /** Fields whose value is App.js's placeholder: the variable was unset (or empty) at build time. */
  placeholders: Record<AppField, boolean>;
  /** How many of the four labels were found; 0 means this is not the app's bundle (e.g. index.html). */
  labelsFound: number;
};

const BUNDLE_SRC = /<script\b[^>]*\bsrc\s*=\s*["']?((?:[^"'\s>]*\/)?static\/js\/main\.[\w-]+\.js)["'\s>]/i;

/** The path of the main JS bundle named by index.html (`/static/js/main.<hash>.js`), or null. */
export function parseAppPage(indexHtml: string): string | null {
  const m = BUNDLE_SRC.exec(indexHtml);
  if (!m) return null;
  const src = (m[1] as string).replace(/^\.\//, '');
  if (/^[a-z]+:\/\//i.test(src)) return new URL(src).pathname;
  return src.startsWith('/') ? src : `/${src}`;
}

/** The four values the page would show, read from the minified bundle. */
export function parseAppBundle(js: string): AppBundleValues {
  const out: AppBundleValues = {
    placeholders: { username: false, company: false, containerName: false, containerIp: false },
    labelsFound: 0,
  };
  for (const field of APP_FIELDS) {
    const found = valueAfterLabel(js, APP_LABELS[field]);
    if (!found.labelFound) continue;
    out.labelsFound++;
    if (found.value === undefined) continue;
    if (found.value === APP_PLACEHOLDER) out.placeholders[field] = true;
    else out[field] = found.value;
  }
  return out;
}

/**
 * Finds `LABEL` inside a string literal and reads the value that follows: either the rest of the same
 * literal (`"Container name is: pod-x"`) or the next operand chain (`"Container name is: ",
 * "pod-x" || "…"`), whose first truthy string literal wins. Anything else (an identifier) is unknown.
 */
function valueAfterLabel(js: string, label: string): { labelFound: boolean; value?: string } {
  let labelFound = false;
  for (let at = js.indexOf(label); at >= 0; at = js.indexOf(label, at + 1)) {
    const quote = openingQuote(js, at);
    if (!quote) continue;
    labelFound = true;
    const rest = readStringBody(js, at + label.length, quote);
    if (!rest) continue;
    if (rest.value !== '') return { labelFound, value: rest.value };
    const value = readOperandChain(js, rest.end);
    if (value !== undefined) return { labelFound, value };
  }
  return { labelFound };
}

/** The quote character opening the literal the label starts in, when the label starts that literal. */
function openingQuote(js: string, at: number): string | undefined {
  const q = js[at - 1];
  return q === '"' || q === "'" || q === '`' ? q : undefined;
}

/** Reads a literal's body from `start` to its closing `quote`; `end` is just past the quote. */
function readStringBody(
  js: string,
  start: number,
  quote: string,
): { value: string; end: number } | undefined {
  let value = '';
  for (let i = start; i < js.length; i++) {
    const c = js[i] as string;
    if (c === quote) return { value, end: i + 1 };
    if (quote === '`' && c === '$' && js[i + 1] === '{') return undefined;
    if (c !== '\\') {
      if (c === '\n' && quote !== '`') return undefined;
      value += c;
      continue;
    }
    const esc = readEscape(js, i + 1);
    if (!esc) return undefined;
    value += esc.text;
    i = esc.end - 1;
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  0: '\0',
};

function readEscape(js: string, i: number): { text: string; end: number } | undefined {
  const c = js[i];
  if (c === undefined) return undefined;
  if (c === 'u' && js[i + 1] === '{') {
    const close = js.indexOf('}', i + 2);
    const code = Number.parseInt(js.slice(i + 2, close), 16);
    return close > 0 && Number.isFinite(code)
      ? { text: String.fromCodePoint(code), end: close + 1 }
      : undefined;
  }
  if (c === 'u' || c === 'x') {
    const len = c === 'u' ? 4 : 2;
    const hex = js.slice(i + 1, i + 1 + len);
    if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
    return { text: String.fromCharCode(Number.parseInt(hex, 16)), end: i + 1 + len };
  }
  if (c === '\n') return { text: '', end: i + 1 };
  if (c === '0' && /[0-9]/.test(js[i + 1] ?? '')) return undefined;
  return { text: SIMPLE_ESCAPES[c] ?? c, end: i + 1 };
}

/** After the label's literal: `,`, `+` or `.concat(`, then `A || B || …` of literals and falsy constants. */
function readOperandChain(js: string, start: number): string | undefined {
  let i = skip(js, start);
  if (js.startsWith('.concat(', i)) i += '.concat('.length;
  else if (js[i] === ',' || js[i] === '+') i++;
  else return undefined;
  i = skip(js, i);
  for (;;) {
    const q = js[i] as string;
    if (q === '"' || q === "'" || q === '`') {
      const lit = readStringBody(js, i + 1, q);
      if (!lit) return undefined;
      if (lit.value !== '') return lit.value;
      i = lit.end;
    } else {
      const falsy = /^(?:void 0|undefined|null|!1|false)/.exec(js.slice(i, i + 9));
      if (!falsy) return undefined;
      i += falsy[0].length;
    }
    i = skip(js, i);
    if (js.slice(i, i + 2) !== '||') return undefined;
    i = skip(js, i + 2);
  }
}

function skip(js: string, i: number): number {
  let j = i;
  while (j < js.length && /\s/.test(js[j] as string)) j++;
  return j;
}
