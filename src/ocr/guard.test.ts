import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { animatedGif, bombPng, TEXT_NAMED_PNG, textSvg, truncated } from '../testing/hostile-images.ts';
import { loadSharp, type Sharp } from './deps.ts';
import { checkSize, inspectImage, MAX_IMAGE_BYTES } from './guard.ts';
import { preprocess } from './preprocess.ts';

let sharp: Sharp;
let png: Buffer;
beforeAll(async () => {
  sharp = await loadSharp();
  png = await sharp(textSvg(['kubectl get pods -o wide']))
    .png()
    .toBuffer();
});

describe('inspectImage: untrusted images give a note, never an exception', () => {
  it('lets a screenshot through with its size', async () => {
    expect(await inspectImage(png, sharp)).toMatchObject({ ok: true, kind: 'png', width: 600, notes: [] });
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const bomb = bombPng(100_000, 100_000);
    expect(bomb.length).toBeLessThan(200);
    const started = performance.now();
    const verdict = await inspectImage(bomb, sharp);
    expect(verdict).toEqual({
      ok: false,
      note: {
        severity: 'warning',
        message: 'claims 100000×100000 pixels, over the 40 Mpx limit (a decompression bomb?); not read',
      },
    });
    expect(performance.now() - started).toBeLessThan(1000);
    // A long thin one too: few pixels, but a side no screen has.
    expect(await inspectImage(bombPng(100_000, 10), sharp)).toMatchObject({ ok: false });
  });

  it('says what a file with an image name really is', async () => {
    const note = async (b: Buffer) => {
      const v = await inspectImage(b, sharp);
      return v.ok ? 'ok' : v.note.message;
    };
    expect(await note(TEXT_NAMED_PNG)).toBe('not an image: a text file with an image name');
    expect(await note(Buffer.from('<!DOCTYPE html><html><body>GitHub</body></html>'))).toBe(
      'not an image: an HTML page with an image name',
    );
    expect(await note(Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:ab\n'))).toBe(
      'not an image: a Git LFS pointer, not the image itself',
    );
    expect(await note(Buffer.alloc(0))).toBe('an empty file; not read');
  });

  it('finds a truncated PNG: its header may pass, its pixels do not decode', async () => {
    const cut = truncated(png, 0.5);
    const verdict = await inspectImage(cut, sharp);
    if (verdict.ok) await expect(preprocess(cut, sharp)).rejects.toThrow();
    const head = truncated(png, 0.02); // the signature and part of IHDR
    expect(await inspectImage(head, sharp)).toMatchObject({
      ok: false,
      note: { message: expect.stringMatching(/^a PNG that is truncated or damaged \(.+\); not read$/) },
    });
  });

  it('reads only the first frame of an animated GIF, and says so', async () => {
    const gif = await animatedGif(sharp, { width: 300, height: 60, frames: 3, first: textSvg(['x'], 300) });
    expect(await inspectImage(gif, sharp)).toMatchObject({
      ok: true,
      kind: 'gif',
      notes: [{ severity: 'info', message: 'an animated GIF of 3 frames: only its first frame is read' }],
    });
    const pre = await preprocess(gif, sharp);
    expect(pre.height / pre.width).toBeCloseTo(60 / 300, 1); // one frame, not the strip of three
  });

  it('refuses files over the size limit without reading them', () => {
    expect(checkSize(MAX_IMAGE_BYTES + 1)?.message).toMatch(/over the 15728640-byte limit/);
    expect(checkSize(1000)).toBeUndefined();
  });

  it('never throws on arbitrary bytes, nor on a damaged PNG', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), fc.nat({ max: 4000 }), async (noise, cut) => {
        const damaged = Buffer.concat([png.subarray(0, Math.min(cut, png.length)), noise]);
        for (const b of [Buffer.from(noise), damaged]) {
          const v = await inspectImage(b, sharp);
          if (v.ok) await preprocess(b, sharp).catch(() => undefined);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('preprocess', () => {
  it('inverts a dark terminal and scales small text up', async () => {
    const dark = await sharp(textSvg(['$ kubectl get nodes']))
      .negate({ alpha: false })
      .png()
      .toBuffer();
    const pre = await preprocess(dark, sharp);
    expect(pre.inverted).toBe(true);
    expect(pre.mean).toBeLessThan(128);
    expect(pre.scale).toBeGreaterThan(2);
    expect(pre.width).toBe(Math.round(600 * pre.scale));
    const light = await preprocess(png, sharp);
    expect(light.inverted).toBe(false);
    // After inversion both are dark text on light: the output's mean is high.
    const stats = await sharp(pre.png).stats();
    expect(stats.channels[0]?.mean).toBeGreaterThan(128);
  });

  it('decodes interlaced PNGs and progressive JPEGs', async () => {
    for (const b of [
      await sharp(png).png({ progressive: true }).toBuffer(),
      await sharp(png).jpeg({ progressive: true }).toBuffer(),
    ]) {
      const pre = await preprocess(b, sharp);
      expect(pre.width).toBeGreaterThan(600);
    }
  });
});
