import { describe, expect, it } from 'vitest';
import { frontendBuild } from '../../emulator/index.ts';
import { APP_PLACEHOLDER, parseAppBundle, parseAppPage } from './app.ts';

/** App.js's placeholder as terser writes it with CRA's `ascii_only: true`. */
const ESCAPED_PLACEHOLDER = [...APP_PLACEHOLDER]
  .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  .join('');

// A CRA 5 build of App.js (docs/reference-facts.md, container-tools-output §6, F src/App.js), minified as terser emits it:
// JSX children arrays, the env values folded into literals, the placeholder also inside console.info.
const MINIFIED = [
  '/*! For license information please see main.3f9c2a1b.js.LICENSE.txt */',
  '!function(){"use strict";var e={463:function(e,t,n){var r=n(791),o=n(184);function u(){return(0,r.useEffect)((function(){',
  'var e=0;console.log("-----"),console.info("If you see this \'',
  ESCAPED_PLACEHOLDER,
  '\' somewhere on your page -> this means you did something wrong")}),[]),(0,o.jsxs)("div",{className:"App",children:[',
  '(0,o.jsx)("div",{children:"Hi there!"}),(0,o.jsxs)("div",{children:["Container was started by user: ","ivanova-as"]}),',
  '(0,o.jsxs)("div",{children:["Container was started by company: ","ITMO \\u0423\\u043d\\u0438\\u0432\\u0435\\u0440\\u0441\\u0438\\u0442\\u0435\\u0442"]}),',
  '(0,o.jsxs)("div",{children:["Container name is: ","lab4-deployment-6b9c7d8f5d-2xk8p"]}),',
  '(0,o.jsxs)("div",{children:["Container was started with IP: ","192.168.0.68"]})]})}t.Z=u}}}();',
].join('');

describe('parseAppBundle', () => {
  it('reads the four values from a minified CRA bundle, decoding \\u escapes', () => {
    expect(parseAppBundle(MINIFIED)).toEqual({
      username: 'ivanova-as',
      company: 'ITMO Университет',
      containerName: 'lab4-deployment-6b9c7d8f5d-2xk8p',
      containerIp: '192.168.0.68',
      placeholders: { username: false, company: false, containerName: false, containerIp: false },
      labelsFound: 4,
    });
  });

  it('flags the placeholder (unset variable) but ignores it inside the console.info text', () => {
    const js = MINIFIED.replace('"ivanova-as"', `"${ESCAPED_PLACEHOLDER}"`);
    const r = parseAppBundle(js);
    expect(r.username).toBeUndefined();
    expect(r.placeholders).toEqual({
      username: true,
      company: false,
      containerName: false,
      containerIp: false,
    });
    expect(r.containerName).toBe('lab4-deployment-6b9c7d8f5d-2xk8p');
  });

  it('tolerates other shapes a minifier may leave: folded literal, `||` chains, concat, single quotes', () => {
    expect(parseAppBundle('x("Container name is: pod-a")').containerName).toBe('pod-a');
    expect(
      parseAppBundle(`["Container was started by user: ",""||void 0||"${ESCAPED_PLACEHOLDER}"]`).placeholders
        .username,
    ).toBe(true);
    expect(
      parseAppBundle(`["Container was started by user: ","anna"||"${ESCAPED_PLACEHOLDER}"]`).username,
    ).toBe('anna');
    expect(parseAppBundle(`'Container was started with IP: '.concat('10.0.0.1')`).containerIp).toBe(
      '10.0.0.1',
    );
    expect(parseAppBundle(`["Container name is: ", "a\\"b"]`).containerName).toBe('a"b');
  });

  it('leaves a value unknown when it is not a literal, and finds nothing in index.html', () => {
    const r = parseAppBundle('children:["Container name is: ",n.name]');
    expect(r.labelsFound).toBe(1);
    expect(r.containerName).toBeUndefined();
    expect(r.placeholders.containerName).toBe(false);
    expect(parseAppBundle('<!doctype html><div id="root"></div>').labelsFound).toBe(0);
  });

  it('reads the emulator build of the app', () => {
    const build = frontendBuild({
      username: 'Анна',
      company: 'ITMO',
      containerName: 'pod-b',
      containerIp: '192.168.1.4',
    });
    expect(parseAppBundle(build.bundleJs)).toMatchObject({
      username: 'Анна',
      company: 'ITMO',
      containerName: 'pod-b',
      containerIp: '192.168.1.4',
      labelsFound: 4,
    });
    expect(parseAppPage(build.indexHtml)).toBe(build.jsPath);
  });
});

describe('parseAppPage', () => {
  it('finds the bundle named by the minified CRA index.html (§6)', () => {
    const html =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>React App</title>' +
      '<script defer="defer" src="/static/js/main.3f9c2a1b.js"></script><link href="/static/css/main.073c9b0a.css" rel="stylesheet"></head>' +
      '<body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';
    expect(parseAppPage(html)).toBe('/static/js/main.3f9c2a1b.js');
  });

  it('normalises relative and absolute srcs and returns null without a bundle', () => {
    expect(parseAppPage("<script src='./static/js/main.ab12cd34.js'></script>")).toBe(
      '/static/js/main.ab12cd34.js',
    );
    expect(parseAppPage('<script src=static/js/main.ab12cd34.js></script>')).toBe(
      '/static/js/main.ab12cd34.js',
    );
    expect(parseAppPage('<script src="http://10.0.0.1:3000/static/js/main.ab12cd34.js"></script>')).toBe(
      '/static/js/main.ab12cd34.js',
    );
    expect(parseAppPage('<script src="/static/js/787.0a1b2c3d.chunk.js"></script>')).toBeNull();
    expect(parseAppPage('wget: server returned error: HTTP/1.1 404 Not Found')).toBeNull();
  });
});
