/**
 * What `npm run build` (react-scripts 5) produces for ifilyaninitmo/itdt-contained-frontend
 * (docs/reference-facts.md, container-tools-output §6): a minified index.html naming hashed bundles, and a JS bundle in
 * which the five texts of App.js are string literals. REACT_APP_* values are baked in at build time,
 * so the JS content hash differs per pod; the CSS does not depend on env and has one hash.
 */
import { createHash } from 'node:crypto';

/** App.js fallback for unset variables. */
export const PLACEHOLDER = '(₌ ᵕ̣̣̣̣̣ ᆽ ᵕ̣̣̣̣̣₌)';

export interface FrontendValues {
  username?: string;
  company?: string;
  /** os.hostname() in the container: the pod name (or spec.hostname). */
  containerName?: string;
  /** ip.address(): first non-internal IPv4, the pod IP on eth0. */
  containerIp?: string;
}

export interface FrontendBuild {
  jsPath: string;
  cssPath: string;
  indexHtml: string;
  bundleJs: string;
  css: string;
  assetManifest: string;
}

function contentHash(text: string): string {
  return createHash('md5').update(text).digest('hex').slice(0, 8);
}

/**
 * A JS string literal as terser writes it in CRA builds (`ascii_only: true`): non-ASCII characters
 * become \uXXXX escapes, so a Cyrillic REACT_APP_USERNAME is not readable as-is in the bundle.
 */
export function jsLiteral(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code > 0x7e) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

const CSS =
  'body{-webkit-font-smoothing:antialiased;-moz-osx-font-smoothing:grayscale;font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Oxygen,Ubuntu,Cantarell,Fira Sans,Droid Sans,Helvetica Neue,sans-serif;margin:0}code{font-family:source-code-pro,Menlo,Monaco,Consolas,Courier New,monospace}.App{text-align:center}';

function appComponent(v: FrontendValues): string {
  const val = (x: string | undefined) => jsLiteral(x || PLACEHOLDER);
  const line = (label: string, x: string | undefined) =>
    `(0,o.jsxs)("div",{children:[${jsLiteral(label)},${val(x)}]})`;
  return (
    'function u(){return(0,r.useEffect)((function(){var e=0;console.log("---------------------------------------------------------"),' +
    `console.info(${jsLiteral(`If you see this '${PLACEHOLDER}' somewhere on your page -> this means you did something wrong`)}),` +
    'console.log("---------------------------------------------------------");var t=setInterval((function(){console.log("".concat(e++,". This app is still working"))}),1e3);return function(){clearInterval(t)}}),[]),' +
    '(0,o.jsxs)("div",{className:"App",children:[(0,o.jsx)("div",{children:"Hi there!"}),' +
    `${line('Container was started by user: ', v.username)},` +
    `${line('Container was started by company: ', v.company)},` +
    `${line('Container name is: ', v.containerName)},` +
    `${line('Container was started with IP: ', v.containerIp)}]})}`
  );
}

export function frontendBuild(values: FrontendValues): FrontendBuild {
  const cssHash = contentHash(CSS);
  const cssPath = `/static/css/main.${cssHash}.css`;
  const css = `${CSS}\n/*# sourceMappingURL=main.${cssHash}.css.map*/`;
  const body =
    '!function(){"use strict";var e={463:function(e,t,n){var r=n(791),o=n(184);' +
    appComponent(values) +
    ';t.Z=u}},t={};function n(r){var o=t[r];if(void 0!==o)return o.exports;var a=t[r]={exports:{}};return e[r](a,a.exports,n),a.exports}' +
    'var r=n(463),o=document.getElementById("root");(0,n(250).createRoot)(o).render((0,n(184).jsx)(r.Z,{}))}();';
  const jsHash = contentHash(body);
  const jsPath = `/static/js/main.${jsHash}.js`;
  const bundleJs = `/*! For license information please see main.${jsHash}.js.LICENSE.txt */\n${body}\n//# sourceMappingURL=main.${jsHash}.js.map`;
  const indexHtml =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"/><link rel="icon" href="/favicon.ico"/>' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"/><meta name="theme-color" content="#000000"/>' +
    '<meta name="description" content="Web site created using create-react-app"/><link rel="apple-touch-icon" href="/logo192.png"/>' +
    '<link rel="manifest" href="/manifest.json"/><title>React App</title>' +
    `<script defer="defer" src="${jsPath}"></script><link href="${cssPath}" rel="stylesheet"></head>` +
    '<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';
  const assetManifest = `${JSON.stringify(
    {
      files: {
        'main.css': cssPath,
        'main.js': jsPath,
        'index.html': '/index.html',
        [`main.${cssHash}.css.map`]: `${cssPath}.map`,
        [`main.${jsHash}.js.map`]: `${jsPath}.map`,
      },
      entrypoints: [cssPath.slice(1), jsPath.slice(1)],
    },
    null,
    2,
  )}`;
  return { jsPath, cssPath, indexHtml, bundleJs, css, assetManifest };
}
