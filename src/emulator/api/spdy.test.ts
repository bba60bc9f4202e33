/**
 * SPDY/3 framing as moby/spdystream reads and writes it
 * (https://github.com/moby/spdystream/blob/main/spdy/read.go, write.go; the dictionary of
 * draft-mbelshe-httpbis-spdy-00 §2.6.10.1, whose Adler-32 is the DICTID 0xe3c6a7c2 kubectl's
 * first SYN_STREAM header block carries).
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameReader,
  HeaderDeflater,
  HeaderInflater,
  PING,
  SPDY3_DICTIONARY,
  SpdyServerSession,
  SYN_REPLY,
  SYN_STREAM,
} from './spdy.ts';

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const headers = fc.dictionary(
  headerName,
  fc.array(fc.stringMatching(/^[ -~]{0,20}$/), { minLength: 1, maxLength: 3 }),
);

describe('SPDY/3 header blocks', () => {
  it('uses the SPDY/3 dictionary (1423 bytes, Adler-32 0xe3c6a7c2)', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(adler32(SPDY3_DICTIONARY)).toBe(0xe3c6a7c2);
  });

  it('encodes and decodes any header block (property)', () => {
    fc.assert(
      fc.property(headers, (h) => {
        expect(decodeHeaderBlock(encodeHeaderBlock(h))).toEqual(h);
      }),
    );
  });

  it('writes a zlib stream any inflater reads frame by frame, each block ending in an empty stored block', () => {
    fc.assert(
      fc.property(fc.array(headers, { minLength: 1, maxLength: 5 }), (blocks) => {
        const deflater = new HeaderDeflater();
        let stream = Buffer.alloc(0);
        for (const h of blocks) {
          const out = deflater.compress(encodeHeaderBlock(h));
          // The Z_SYNC_FLUSH marker: Go's compress/flate releases a stored block's bytes there.
          expect(out.subarray(-5)).toEqual(Buffer.from([0, 0, 0, 0xff, 0xff]));
          stream = Buffer.concat([stream, out]);
          const all = inflateSync(stream, { finishFlush: constants.Z_SYNC_FLUSH });
          expect(all.subarray(all.length - encodeHeaderBlock(h).length)).toEqual(encodeHeaderBlock(h));
        }
      }),
    );
  });

  it('reads a client stream compressed with the dictionary across frames', () => {
    const first = encodeHeaderBlock({ streamtype: ['error'], port: ['3000'], requestid: ['0'] });
    const second = encodeHeaderBlock({ streamtype: ['data'], port: ['3000'], requestid: ['0'] });
    // One deflate stream, sync-flushed after each block, as Go's zlib writer with the dictionary does.
    const whole = deflateSync(Buffer.concat([first, second]), { dictionary: SPDY3_DICTIONARY });
    const inflater = new HeaderInflater();
    const out = inflater.decompress(whole.subarray(0, whole.length));
    expect(decodeHeaderBlock(out)).toEqual({ streamtype: ['error'], port: ['3000'], requestid: ['0'] });
  });
});

describe('FrameReader', () => {
  it('reassembles frames from any split of the byte stream (property)', () => {
    const frames = [
      controlFrame(PING, 0, Buffer.from([0, 0, 0, 1])),
      dataFrame(3, 0, Buffer.from('GET / HTTP/1.1\r\n\r\n')),
      dataFrame(3, FLAG_FIN, Buffer.alloc(0)),
    ];
    const bytes = Buffer.concat(frames);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 6 }), (cuts) => {
        const reader = new FrameReader();
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        let at = 0;
        const got = [];
        for (const p of [...points, bytes.length]) {
          got.push(...reader.push(bytes.subarray(at, p)));
          at = p;
        }
        expect(
          got.map((f) => (f.control ? `c${f.type}` : `d${f.streamId}/${f.flags}/${f.data.length}`)),
        ).toEqual(['c6', 'd3/0/18', 'd3/1/0']);
      }),
    );
  });
});

describe('SpdyServerSession', () => {
  it('answers SYN_STREAM with SYN_REPLY, echoes PING, delivers data and FIN', () => {
    const sent: Buffer[] = [];
    const seen: string[] = [];
    const session = new SpdyServerSession({ write: (b) => sent.push(b), close: () => {} }, (stream) => {
      seen.push(`open ${stream.id} ${stream.header('streamType')}`);
      stream.onData = (chunk) => seen.push(chunk === null ? 'fin' : chunk.toString());
    });
    const block = deflateSync(encodeHeaderBlock({ streamtype: ['data'], port: ['3000'] }), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    const syn = Buffer.alloc(10);
    syn.writeUInt32BE(1, 0);
    session.receive(controlFrame(SYN_STREAM, 0, Buffer.concat([syn, block])));
    session.receive(controlFrame(PING, 0, Buffer.from([0, 0, 0, 7])));
    session.receive(
      Buffer.concat([dataFrame(1, 0, Buffer.from('hi')), dataFrame(1, FLAG_FIN, Buffer.alloc(0))]),
    );
    expect(seen).toEqual(['open 1 data', 'hi', 'fin']);
    const frames = new FrameReader().push(Buffer.concat(sent));
    expect(frames.map((f) => (f.control ? f.type : -1))).toEqual([SYN_REPLY, PING]);
    const reply = frames[0] as { payload: Buffer };
    expect(reply.payload.readUInt32BE(0)).toBe(1);
  });
});
