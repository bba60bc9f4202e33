/**
 * The OCR engine end to end, on screenshots made here (scripts/make-screenshots.ts renders the known
 * text of fixtures/screenshots/screens.json in dark and light themes, two fonts, two scales) and on
 * untrusted images. One engine (one tesseract worker) serves the whole file.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { animatedGif, bombPng, TEXT_NAMED_PNG, textSvg, truncated } from '../testing/hostile-images.ts';
import { loadSharp } from './deps.ts';
import {
  createOcrEngine,
  NOT_FETCHED,
  type OcrEngine,
  readScreenshots,
  type ScreenshotRead,
} from './index.ts';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/screenshots');
const SCREENS = JSON.parse(readFileSync(path.join(FIXTURES, 'screens.json'), 'utf8')) as {
  file: string;
  lines: string[];
}[];
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

let work: string;
let engine: OcrEngine;
let reads: Map<string, ScreenshotRead>;
let firstRunMs: number;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ocr-engine-'));
  const lab = path.join(work, 'repo', 'lab4');
  mkdirSync(path.join(lab, 'images'), { recursive: true });
  for (const s of SCREENS) copyFileSync(path.join(FIXTURES, s.file), path.join(lab, 'images', s.file));
  const sharp = await loadSharp();
  const clean = readFileSync(path.join(FIXTURES, 'delete-light-mono-2x.png'));
  writeFileSync(path.join(lab, 'images', 'bomb.png'), bombPng(100_000, 100_000));
  writeFileSync(path.join(lab, 'images', 'cut.png'), truncated(clean, 0.5));
  writeFileSync(path.join(lab, 'images', 'notes.png'), TEXT_NAMED_PNG);
  writeFileSync(
    path.join(lab, 'images', 'anim.gif'),
    await animatedGif(sharp, {
      width: 520,
      height: 40,
      frames: 3,
      first: textSvg(["Successfully deleted 1 'IPPool' resource(s)"], 520),
    }),
  );
  // The clean screenshot made unreadable: a quarter of its size, blurred, low contrast.
  writeFileSync(
    path.join(lab, 'images', 'degraded.png'),
    await sharp(clean).resize({ width: 260 }).blur(1.2).linear(0.35, 150).png().toBuffer(),
  );
  const report = [
    '# Lab 4',
    '![delete](images/delete-light-mono-2x.png)',
    '![](https://user-images.githubusercontent.com/1/uploaded.png)',
    '![](images/missing.png)',
  ].join('\n');
  engine = createOcrEngine({ jobs: 1, cacheDir: path.join(work, 'cache') });
  const started = performance.now();
  const all = await engine.read(path.join(work, 'repo'), lab, report, 'README.md');
  firstRunMs = performance.now() - started;
  reads = new Map(all.map((r) => [r.path, r]));
}, 120_000);

afterAll(async () => {
  await engine?.close();
  rmSync(work, { recursive: true, force: true });
});

const linesOf = (file: string) => (reads.get(file)?.lines ?? []).map((l) => collapse(l.text));

describe('screenshots made here read back exactly', () => {
  it('lists linked images first, then the lab folder, each once, with its source', () => {
    expect([...reads.keys()]).toEqual([
      'images/delete-light-mono-2x.png',
      'https://user-images.githubusercontent.com/1/uploaded.png',
      'images/missing.png',
      'images/anim.gif',
      'images/bomb.png',
      'images/cut.png',
      'images/degraded.png',
      'images/ippools-dark-sans-2x.png',
      'images/notes.png',
      'images/ping-light-sans-1x.png',
      'images/pods-dark-mono-1x.png',
      'images/pods-light-mono-2x.png',
    ]);
    const del = reads.get('images/delete-light-mono-2x.png');
    expect(del).toMatchObject({ source: 'image:images/delete-light-mono-2x.png', line: 2, read: true });
  });

  it('reads every line of every screen, no more, no fewer', () => {
    for (const s of SCREENS) expect(linesOf(`images/${s.file}`), s.file).toHaveLength(s.lines.length);
  });

  it("reads calicoctl's delete and its answer (light, mono, 2x)", () => {
    expect(linesOf('images/delete-light-mono-2x.png')).toEqual([
      '$ calicoctl delete ippool default-ipv4-ippool',
      "Successfully deleted 1 'IPPool' resource(s)",
    ]);
  });

  it('reads the pods table: names, IPs and nodes (light, mono, 2x)', () => {
    const [cmd, header, row1, row2] = linesOf('images/pods-light-mono-2x.png');
    expect(cmd).toBe('$ kubectl get pods -o wide');
    expect(header).toBe('NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES');
    expect(row1).toBe('lab4-app-6d8f7b9c5d-4xkzq 1/1 Running 0 42s 192.168.10.65 minikube <none> <none>');
    // The second node's name has a zero tesseract reads as 0@ here: the IP and pod name are exact.
    expect(row2?.split(' ').slice(0, 6)).toEqual([
      'lab4-app-6d8f7b9c5d-9trwm',
      '1/1',
      'Running',
      '0',
      '42s',
      '192.168.20.129',
    ]);
  });

  it('reads the pods table on a dark 1x terminal: IPs exact, the rest as OCR confuses it', () => {
    const [cmd, , row1, row2] = linesOf('images/pods-dark-mono-1x.png');
    expect(cmd).toBe('$ kubectl get pods -o wide');
    expect(row1?.split(' ')[0]).toBe('lab4-app-6d8f7b9c5d-4xkzq');
    expect(row1?.split(' ')).toContain('192.168.10.65');
    expect(row2?.split(' ')[0]).toBe('lab4-app-6d8f7b9c5d-9trwm');
    expect(row2?.split(' ')).toContain('192.168.20.129');
  });

  it('reads the IP pools table (dark, sans, 2x)', () => {
    expect(linesOf('images/ippools-dark-sans-2x.png')).toEqual([
      '$ calicoctl get ippools -o wide',
      'NAME CIDR NAT IPIPMODE VXLANMODE DISABLED DISABLEBGPEXPORT SELECTOR',
      'rack-1-pool 192.168.10.0/24 true Always Never false false rack == "1"',
      'rack-2-pool 192.168.20.0/24 true Always Never false false rack == "2"',
    ]);
  });

  it('reads a busybox ping (light, sans, 1x), ttl as tesseract sees it', () => {
    const lines = linesOf('images/ping-light-sans-1x.png');
    expect(lines[0]).toBe('/ # ping -c 2 lab4-svc.default.svc.cluster.local');
    expect(lines[1]).toBe('PING lab4-svc.default.svc.cluster.local (10.96.120.15): 56 data bytes');
    expect(lines[2]).toMatch(/^64 bytes from 10\.96\.120\.15: seq=0 tt[lI1]=64 time=0\.091 ms$/);
    expect(lines[4]).toBe('2 packets transmitted, 2 packets received, 0% packet loss');
  });

  it('gives confidences per page, line and word', () => {
    const del = reads.get('images/delete-light-mono-2x.png') as ScreenshotRead;
    expect(del.confidence).toBeGreaterThan(80);
    expect(del.text).toContain("Successfully deleted 1 'IPPool' resource(s)");
    for (const line of del.lines) {
      expect(line.confidence).toBeGreaterThan(70);
      expect(line.words.map((w) => w.text).join(' ')).toBe(collapse(line.text));
      for (const w of line.words) expect(w.confidence).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives a degraded screenshot a low confidence (the parsers then take it as a note, not proof)', () => {
    const bad = reads.get('images/degraded.png') as ScreenshotRead;
    const good = reads.get('images/delete-light-mono-2x.png') as ScreenshotRead;
    expect(bad.read).toBe(true);
    expect(bad.confidence).toBeLessThan(good.confidence - 10);
  });
});

describe('untrusted images: a note each, never a crash', () => {
  const notesOf = (file: string) => {
    const r = reads.get(file) as ScreenshotRead;
    return { read: r.read, text: r.text, notes: r.notes.map((n) => n.message) };
  };

  it('a decompression bomb', () => {
    expect(notesOf('images/bomb.png')).toEqual({
      read: false,
      text: '',
      notes: ['claims 100000×100000 pixels, over the 40 Mpx limit (a decompression bomb?); not read'],
    });
  });

  it('a truncated PNG', () => {
    const r = notesOf('images/cut.png');
    expect(r.read).toBe(false);
    expect(r.notes).toEqual([expect.stringMatching(/^a PNG that is truncated or damaged \(.+\); not read$/)]);
  });

  it('a text file named .png', () => {
    expect(notesOf('images/notes.png')).toEqual({
      read: false,
      text: '',
      notes: ['not an image: a text file with an image name'],
    });
  });

  it('an animated GIF: its first frame is read, and the note says so', () => {
    const r = notesOf('images/anim.gif');
    expect(r.read).toBe(true);
    expect(collapse(r.text)).toBe("Successfully deleted 1 'IPPool' resource(s)");
    expect(r.notes).toEqual(['an animated GIF of 3 frames: only its first frame is read']);
  });

  it('an uploaded image is not fetched without --fetch-images; a missing one is named', () => {
    expect(notesOf('https://user-images.githubusercontent.com/1/uploaded.png')).toEqual({
      read: false,
      text: '',
      notes: [NOT_FETCHED],
    });
    expect(notesOf('images/missing.png').notes).toEqual([
      'the report links this image, but it is not in the submission',
    ]);
  });
});

describe('the cache', () => {
  it('serves a second read from the cache, identical and fast', async () => {
    const lab = path.join(work, 'repo', 'lab4');
    const started = performance.now();
    const again = await engine.read(path.join(work, 'repo'), lab, '', 'README.md');
    const ms = performance.now() - started;
    const readOnes = again.filter((r) => r.read);
    expect(readOnes.length).toBe(SCREENS.length + 2); // the screens, the GIF and the degraded one
    for (const r of readOnes) {
      expect(r.cached).toBe(true);
      const { cached: _a, line: _b, ...rest } = r;
      const { cached: _c, line: _d, ...first } = reads.get(r.path) as ScreenshotRead;
      expect(rest).toEqual(first);
    }
    expect(ms).toBeLessThan(firstRunMs / 5);
  });

  it('ignores a corrupt entry and reads the image again', async () => {
    const cacheDir = path.join(work, 'cache');
    for (const sub of readdirSync(cacheDir))
      for (const f of readdirSync(path.join(cacheDir, sub)))
        writeFileSync(path.join(cacheDir, sub, f), '{"form');
    const lab = path.join(work, 'repo', 'lab4');
    const only = path.join(work, 'only');
    mkdirSync(only);
    copyFileSync(path.join(lab, 'images', 'delete-light-mono-2x.png'), path.join(only, 'a.png'));
    const [r] = await engine.read(only, only, '');
    expect(r).toMatchObject({ read: true, source: 'image:a.png' });
    expect(r?.cached).toBeUndefined();
    expect(linesOf('images/delete-light-mono-2x.png')).toEqual(r?.lines.map((l) => collapse(l.text)));
  });
});

describe('readScreenshots', () => {
  it('with noOcr reads nothing and loads nothing', async () => {
    expect(await readScreenshots(work, work, '![](images/x.png)', { noOcr: true })).toEqual([]);
  });
});
