// The app's output per docs/reference-facts.md, container-tools-output §6 (CRA index.html, literals in the JS bundle).
import { describe, expect, it } from 'vitest';
import { frontendBuild, jsLiteral, PLACEHOLDER } from './frontend-build.ts';
import { header } from './http-types.ts';
import { frontendResponder } from './responders.ts';

const values = {
  username: 'ivanov',
  company: 'ITMO',
  containerName: 'lab4-deployment-84dcb7ccff-k6tfh',
  containerIp: '192.168.1.4',
};

describe('frontend build', () => {
  it('names hashed bundles in a minified CRA index.html with only a root div', () => {
    const b = frontendBuild(values);
    expect(b.jsPath).toMatch(/^\/static\/js\/main\.[0-9a-f]{8}\.js$/);
    expect(b.cssPath).toMatch(/^\/static\/css\/main\.[0-9a-f]{8}\.css$/);
    expect(b.indexHtml).toContain(
      `<script defer="defer" src="${b.jsPath}"></script><link href="${b.cssPath}" rel="stylesheet">`,
    );
    expect(b.indexHtml).toContain('<title>React App</title>');
    expect(b.indexHtml).toContain('<div id="root"></div>');
    expect(b.indexHtml).not.toContain('ivanov');
  });

  it('bakes the five texts into the JS bundle as string literals', () => {
    const js = frontendBuild(values).bundleJs;
    expect(js).toContain('"Hi there!"');
    expect(js).toContain('"Container was started by user: ","ivanov"');
    expect(js).toContain('"Container was started by company: ","ITMO"');
    expect(js).toContain('"Container name is: ","lab4-deployment-84dcb7ccff-k6tfh"');
    expect(js).toContain('"Container was started with IP: ","192.168.1.4"');
  });

  it('hashes the JS per pod (env, name, IP) but not the CSS', () => {
    const a = frontendBuild(values);
    const b = frontendBuild({ ...values, containerName: 'other', containerIp: '192.168.0.68' });
    expect(a.jsPath).not.toBe(b.jsPath);
    expect(a.cssPath).toBe(b.cssPath);
    expect(frontendBuild(values).jsPath).toBe(a.jsPath);
  });

  it('uses the placeholder for unset variables, escaped like terser ascii_only', () => {
    const js = frontendBuild({ ...values, username: undefined, company: 'Ромашка' }).bundleJs;
    expect(js).toContain(`"Container was started by user: ",${jsLiteral(PLACEHOLDER)}`);
    expect(js).toContain(
      '"Container was started by company: ","\\u0420\\u043e\\u043c\\u0430\\u0448\\u043a\\u0430"',
    );
    expect(js).not.toContain('Ромашка');
  });

  it('serves index.html for / and unknown paths (200), JS with its content type, stale bundles as index.html', () => {
    const b = frontendBuild(values);
    const serve = frontendResponder(b, Date.parse('2024-12-04T10:01:00Z'));
    const root = serve({ method: 'GET', path: '/' });
    expect(root.status).toBe(200);
    expect(header(root, 'content-type')).toBe('text/html; charset=UTF-8');
    expect(root.body.toString()).toBe(b.indexHtml);
    const js = serve({ method: 'GET', path: b.jsPath });
    expect(header(js, 'content-type')).toBe('application/javascript; charset=UTF-8');
    expect(js.body.toString()).toBe(b.bundleJs);
    const stale = serve({ method: 'GET', path: '/static/js/main.00000000.js' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(b.indexHtml);
    expect(header(stale, 'last-modified')).toBe('Wed, 04 Dec 2024 10:01:00 GMT');
    expect(serve({ method: 'POST', path: '/x' }).status).toBe(404);
  });
});
