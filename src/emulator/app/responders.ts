/**
 * HTTP behaviour of the programs in emulated pods: the lab app (express: `express.static(build)` plus
 * a `/*` catch-all sending index.html, docs/reference-facts.md, container-tools-output §6) and a stock nginx.
 */
import type { FrontendBuild } from './frontend-build.ts';
import type { HttpResponseLike, Responder } from './http-types.ts';

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 304: 'Not Modified', 404: 'Not Found' };

function response(
  status: number,
  headers: [string, string][],
  body: string,
  method: string,
): HttpResponseLike {
  const buf = Buffer.from(body, 'utf8');
  const all: [string, string][] = [...headers, ['Content-Length', String(buf.length)]];
  return {
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: all,
    body: method === 'HEAD' ? Buffer.alloc(0) : buf,
  };
}

function pathOnly(path: string): string {
  const q = path.search(/[?#]/);
  let p = q >= 0 ? path.slice(0, q) : path;
  try {
    p = decodeURIComponent(p);
  } catch {
    // express.static answers 400 for malformed escapes; the catch-all never sees them. Rare enough.
  }
  return p.startsWith('/') ? p : `/${p}`;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=UTF-8',
  '.js': 'application/javascript; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
  '.json': 'application/json; charset=UTF-8',
  '.txt': 'text/plain; charset=UTF-8',
};

/** The lab app once its build has finished; `builtAtMs` is the files' mtime. */
export function frontendResponder(build: FrontendBuild, builtAtMs: number): Responder {
  const files = new Map<string, string>([
    ['/index.html', build.indexHtml],
    [build.jsPath, build.bundleJs],
    [build.cssPath, build.css],
    ['/asset-manifest.json', build.assetManifest],
    ['/robots.txt', '# https://www.robotstxt.org/robotstxt.html\nUser-agent: *\nDisallow:\n'],
    [
      '/manifest.json',
      '{\n  "short_name": "React App",\n  "name": "Create React App Sample",\n  "start_url": ".",\n  "display": "standalone",\n  "theme_color": "#000000",\n  "background_color": "#ffffff"\n}\n',
    ],
  ]);
  const lastModified = new Date(builtAtMs).toUTCString();
  const fileHeaders = (name: string, body: string): [string, string][] => {
    const ext = name.slice(name.lastIndexOf('.'));
    const size = Buffer.byteLength(body);
    return [
      ['X-Powered-By', 'Express'],
      ['Accept-Ranges', 'bytes'],
      ['Cache-Control', 'public, max-age=0'],
      ['Last-Modified', lastModified],
      ['ETag', `W/"${size.toString(16)}-${Math.floor(builtAtMs).toString(16)}"`],
      ['Content-Type', MIME[ext] ?? 'application/octet-stream'],
    ];
  };
  return (req) => {
    const method = req.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      const p = pathOnly(req.path);
      const body = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${p}</pre>\n</body>\n</html>\n`;
      return response(
        404,
        [
          ['X-Powered-By', 'Express'],
          ['Content-Security-Policy', "default-src 'none'"],
          ['X-Content-Type-Options', 'nosniff'],
          ['Content-Type', 'text/html; charset=utf-8'],
        ],
        body,
        method,
      );
    }
    const p = pathOnly(req.path);
    const name = p === '/' ? '/index.html' : p;
    const hit = files.get(name);
    // express.static first, then `app.get('/*')` answers index.html for everything else, with 200.
    const served = hit !== undefined ? name : '/index.html';
    const body = files.get(served) as string;
    return response(200, fileHeaders(served, body), body, method);
  };
}

const NGINX_VERSION = '1.27.3';
const NGINX_INDEX =
  '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

export function nginxResponder(startedAtMs: number): Responder {
  return (req) => {
    const method = req.method.toUpperCase();
    const p = pathOnly(req.path);
    if (p === '/' || p === '/index.html') {
      return response(
        200,
        [
          ['Server', `nginx/${NGINX_VERSION}`],
          ['Content-Type', 'text/html'],
          ['Last-Modified', new Date(startedAtMs).toUTCString()],
          ['ETag', '"674f9c3f-267"'],
          ['Accept-Ranges', 'bytes'],
        ],
        NGINX_INDEX,
        method,
      );
    }
    const body = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;
    return response(
      404,
      [
        ['Server', `nginx/${NGINX_VERSION}`],
        ['Content-Type', 'text/html'],
      ],
      body,
      method,
    );
  };
}
